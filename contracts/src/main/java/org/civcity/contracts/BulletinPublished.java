package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code bulletin.published}: the civilization office published the bulletin (通报) of {@code period} (a
 * month, 2026-11), frozen at {@code publishedAt}; a later {@code version} corrects an earlier one and says why in
 * {@code correction}. {@code honourRoll} and {@code blacklist} name the departments and townships on its red and black
 * lists. {@code path} is where the frozen bulletin is read (HTML, XLSX or JSON). The ledger's head it was made at
 * lets any reader check it against the accountability ledger. Key: "bulletin:" and the period (suffixed ":" and the
 * district for a district other than the home one). Topic: civcity.escalations.
 */
public record BulletinPublished(
        @NotNull UUID publicationId,
        @NotNull String period,
        @Positive int version,
        @NotNull Instant publishedAt,
        @NotNull String publishedBy,
        String correction,
        @NotNull List<Listed> honourRoll,
        @NotNull List<Listed> blacklist,
        int escalations,
        int awaitingDisposition,
        int listedSites,
        long ledgerSequence,
        @NotNull String ledgerHash,
        @NotNull String path) {

    public BulletinPublished {
        honourRoll = honourRoll == null ? List.of() : List.copyOf(honourRoll);
        blacklist = blacklist == null ? List.of() : List.copyOf(blacklist);
    }

    /** A department or township ({@code township} true) on a list, by code and by the name people use. */
    public record Listed(@NotNull String unit, @NotNull String name, boolean township) {
    }
}
