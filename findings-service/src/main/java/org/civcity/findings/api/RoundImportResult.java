package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** What an import of an evaluator's file did, row by row. */
public record RoundImportResult(String round, String sourceSystem, int rows, int imported, int alreadyImported,
        int refused, List<RowOutcome> outcomes, List<RowError> errors) {

    /** What became of one valid row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RowOutcome(int row, Outcome outcome, UUID findingId, String detail) {
    }

    /** IMPORTED: a new finding; ALREADY_IMPORTED: the same row before; REFUSED: the intake refused it. */
    public enum Outcome {
        IMPORTED,
        ALREADY_IMPORTED,
        REFUSED
    }

    /** A cell (or row) that is not valid, named as the spreadsheet user sees it. */
    public record RowError(int row, String column, String message) {
    }
}
