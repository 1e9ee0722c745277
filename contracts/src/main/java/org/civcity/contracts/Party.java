package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * One party an escalation level addresses and records: a role ({@code UNIT_HEAD}), the unit it holds it for (the lead
 * department, the township where the problem lies; null for a district-wide role such as the principal leaders), the
 * unit's name as people use it, and the people who held the role when the level fired (empty when the directory
 * names nobody).
 */
public record Party(
        @NotNull String role,
        String unit,
        String unitName,
        @NotNull List<String> persons) {

    public Party {
        persons = persons == null ? List.of() : List.copyOf(persons);
    }
}
