package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code alert.acknowledged}, {@code alert.handed-over} and {@code alert.unanswered}: what became of an alert
 * that must be acknowledged (an escalation from level 2 on) sent to one person of its level. Acknowledged (by that
 * person, or by a delegate on their behalf), handed over to the next person after {@code tries} unanswered sends, or
 * left unanswered by everyone the level has.
 */
public record AlertFollowUp(
        @NotNull UUID findingId,
        /** The alert awaiting acknowledgement (notification-service's page), the same in each of its events. */
        @NotNull UUID pageId,
        @PositiveOrZero int generation,
        @Positive int level,
        /** The party the alert addressed: its role and unit (null: district-wide). */
        @NotNull String role,
        String unit,
        /** The escalation's reason, as escalation.raised carried it. */
        @NotNull String reason,
        /** The person alerted, as the recipient directory names them. */
        @NotNull String recipient,
        /** alert.handed-over: the next person now alerted; otherwise null. */
        String nextRecipient,
        /**
         * alert.acknowledged: the account that acknowledged, or "signed-link" when the link sent to the recipient was
         * used (whoever held it); otherwise null.
         */
        String actor,
        /** alert.acknowledged: true when a delegate acknowledged for the recipient. */
        boolean onBehalf,
        /** Sends to {@code recipient} so far. */
        @Positive int tries,
        /** When the alert first went to {@code recipient}. */
        @NotNull Instant sentAt,
        @NotNull Instant at) {
}
