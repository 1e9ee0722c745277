package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.civcity.shared.problem.Problem;

/** The outcome of one item of a batch: what a single POST would have answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, int status, String location, Boolean replayed,
        @JsonRawValue String finding, Problem problem) {
}
