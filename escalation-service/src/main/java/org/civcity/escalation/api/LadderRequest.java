package org.civcity.escalation.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.civcity.escalation.service.Ladder;

/** An escalation ladder to check or publish, with its version name and the document it comes from. */
public record LadderRequest(
        @NotBlank @Size(max = 500) String source,
        @NotBlank @Size(max = 64) String version,
        @NotNull @Size(max = 10) List<Ladder.Level> levels) {
}
