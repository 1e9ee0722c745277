package org.civcity.shared.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.shared.trace.TraceContext;

/** Appends events to the outbox inside the caller's transaction, so state and event commit or roll back together. */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    /** Events that name no district: the consumers read them as the home district's. */
    private final InDistrict unnamed = new InDistrict(null);

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Records an event; call it inside the transaction that makes the change.
     *
     * @param findingId the partitioning key and CloudEvents subject
     * @return the event id
     */
    public Uni<UUID> append(String topic, String type, UUID findingId, Object data) {
        return unnamed.append(topic, type, findingId, data);
    }

    /** The same, in the trace {@code traceparent} (work that resumes a finding's trace, such as a due timer). */
    public Uni<UUID> append(String topic, String type, UUID findingId, Object data, String traceparent) {
        return unnamed.append(topic, type, findingId, data, traceparent);
    }

    /** Appends events of one district's finding: they carry the district extension attribute. */
    public InDistrict inDistrict(String district) {
        return new InDistrict(district);
    }

    /** The outbox of one district. */
    public final class InDistrict {

        private final String district;

        private InDistrict(String district) {
            this.district = district;
        }

        /** As {@link Outbox#append(String, String, UUID, Object)}, for this district. */
        public Uni<UUID> append(String topic, String type, UUID findingId, Object data) {
            return append(topic, type, findingId, data, TraceContext.current());
        }

        /** As {@link Outbox#append(String, String, UUID, Object, String)}, for this district. */
        public Uni<UUID> append(String topic, String type, UUID findingId, Object data, String traceparent) {
            return Outbox.this.append(district, topic, type, findingId.toString(), findingId.toString(), data,
                    traceparent);
        }

        /** As {@link Outbox#appendReference}, for reference data of this district (its ledger's head). */
        public Uni<UUID> appendReference(String topic, String type, String key, String subject, Object data) {
            return Outbox.this.append(district, topic, type, key, subject, data, TraceContext.current());
        }
    }

    /**
     * Records an event of reference data, which belongs to no finding.
     *
     * @param key the partitioning and compaction key (a calendar's year)
     * @param subject the CloudEvents subject (calendar/2027)
     */
    public Uni<UUID> appendReference(String topic, String type, String key, String subject, Object data) {
        return unnamed.appendReference(topic, type, key, subject, data);
    }

    private Uni<UUID> append(String district, String topic, String type, String key, String subject, Object data,
            String traceparent) {
        OutboxEvent event = new OutboxEvent();
        event.district = district;
        event.eventId = UUID.randomUUID();
        event.topic = topic;
        event.type = type;
        event.key = key;
        event.subject = subject;
        event.occurredAt = Instant.now();
        event.traceparent = TraceContext.traceId(traceparent) == null ? null : traceparent;
        try {
            event.payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event data not serialisable: " + type, e));
        }
        return event.persist().replaceWith(event.eventId);
    }
}
