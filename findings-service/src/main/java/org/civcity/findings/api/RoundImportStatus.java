package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.civcity.findings.domain.RoundImportJob;

/**
 * An import running in the background, as it goes: rows in the file, rows validated, imported, imported before and
 * refused (invalid, or refused by the intake); {@code result} row by row once DONE, {@code detail} why it FAILED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundImportStatus(UUID id, String round, String sourceSystem, RoundImportJob.State state, int rows,
        int validated, int imported, int alreadyImported, int refused, Instant createdAt, Instant updatedAt,
        Instant finishedAt, String detail, RoundImportResult result) {
}
