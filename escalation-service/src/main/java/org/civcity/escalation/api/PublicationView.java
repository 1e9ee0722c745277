package org.civcity.escalation.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.escalation.domain.BulletinPublication;
import org.civcity.escalation.service.BulletinPublisher;

/** One published version of a bulletin, and where it is read. */
public record PublicationView(UUID id, String period, int version, Instant publishedAt, String publishedBy,
        String correction, long ledgerSequence, String ledgerHash, String path) {

    public static PublicationView of(BulletinPublication p) {
        return new PublicationView(p.id, p.period, p.version, p.publishedAt, p.publishedBy, p.correction,
                p.ledgerSequence, p.ledgerHash, BulletinPublisher.path(p));
    }
}
