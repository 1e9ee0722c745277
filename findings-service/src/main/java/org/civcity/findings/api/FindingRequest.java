package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.shared.problem.StrictBody;

/**
 * A finding as a government system posts it. {@code townshipName} is the township the reporter names (所属街道), by
 * its name or code; routing uses it when neither the coordinates nor a registered site place the finding.
 */
@StrictBody
public record FindingRequest(
        @NotNull FindingSource source,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
                message = "may contain only letters, digits, '.', '_' and '-'") String sourceSystem,
        @NotBlank @Size(max = 128) String sourceReference,
        @Size(max = 100) String inspectionRound,
        @NotNull SiteType siteType,
        @NotBlank @Size(max = 200) String siteName,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
                message = "may contain only letters, digits, '.', '_' and '-'") String siteCode,
        @Size(max = 300) String siteAddress,
        // Left out when absent, so a request's idempotency hash is what it was before the field existed.
        @JsonInclude(JsonInclude.Include.NON_NULL) @Size(max = 100) String townshipName,
        @NotNull Category category,
        @Size(max = 64) @Pattern(regexp = "[A-Z0-9._-]*",
                message = "may contain only capital letters, digits, '.', '_' and '-'") String subcategory,
        @NotNull Severity severity,
        @NotBlank @Size(max = 4000) String description,
        @NotNull OffsetDateTime observedAt,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = 20) List<@NotNull @Valid EvidenceItem> evidence,
        @Size(max = 100) String reporter,
        @DecimalMin("0") @DecimalMax("100") BigDecimal deductionPoints) {

    /** One piece of evidence: where it is, its SHA-256 and media type. */
    @StrictBody
    public record EvidenceItem(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url,
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex digits") String sha256,
            @Pattern(regexp = "(image|video)/[a-z0-9.+-]+", message = "must be an image or video media type")
            String mediaType) {
    }
}
