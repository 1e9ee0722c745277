package org.civcity.findings.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/** A finding as a government system posts it. */
public record FindingRequest(
        @NotNull FindingSource source,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
                message = "may contain only letters, digits, '.', '_' and '-'") String sourceSystem,
        @NotBlank @Size(max = 128) String sourceReference,
        @NotNull SiteType siteType,
        @NotBlank @Size(max = 200) String siteName,
        @NotNull Category category,
        @NotNull Severity severity,
        @NotBlank @Size(max = 4000) String description,
        @NotNull OffsetDateTime observedAt,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude) {
}
