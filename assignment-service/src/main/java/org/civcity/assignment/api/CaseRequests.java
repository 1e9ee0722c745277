package org.civcity.assignment.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.civcity.contracts.CaseClosed;

/** Bodies of the case lifecycle requests. */
public final class CaseRequests {

    private CaseRequests() {
    }

    /** The unit's report that the problem is fixed, with evidence. */
    public record RectificationReport(
            @NotBlank @Size(max = 4000) String report,
            @Size(max = 20) List<@NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+",
                    message = "must be an http(s) URL") String> evidenceUrls) {
    }

    /** The office's verification; a failed one needs a note (the reason for the rework). */
    public record Verification(@NotNull Boolean passed, @Size(max = 2000) String note) {
    }

    /** Closing as not fixed. */
    public record Closure(@NotNull CaseClosed.Outcome outcome, @NotBlank @Size(max = 2000) String reason) {
    }

    /** "Not ours". */
    public record TransferRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /** The unit the office re-routes the case to. */
    public record TransferApproval(@NotBlank @Size(max = 64) String toUnit) {
    }

    /** A rejection, with its reason. */
    public record Rejection(@NotBlank @Size(max = 500) String reason) {
    }

    /** More time, until when and why. */
    public record ExtensionRequest(@NotNull OffsetDateTime until, @NotBlank @Size(max = 500) String reason) {
    }

    /** A manual dispatch out of triage. */
    public record Dispatch(@NotBlank @Size(max = 64) String leadUnit) {
    }
}
