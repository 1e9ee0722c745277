package org.civcity.notification;

import static org.civcity.testsupport.CloudEventRecords.cloudEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;

/**
 * Puts the events other services would publish about one finding on the real broker; of the home district (no
 * district extension) or naming {@code district}.
 */
public record CaseEvents(ObjectMapper mapper, UUID findingId, String district) {

    public static CaseEvents of(ObjectMapper mapper) {
        return new CaseEvents(mapper, UUID.randomUUID(), null);
    }

    /** Events of a finding in {@code district}. */
    public static CaseEvents in(String district, ObjectMapper mapper) {
        return new CaseEvents(mapper, UUID.randomUUID(), district);
    }

    public void send(String topic, String type, Object data) {
        try {
            ProducerRecord<String, String> record = cloudEvent(topic, UUID.randomUUID(), type, findingId.toString(),
                    mapper.writeValueAsString(data));
            CloudEventRecords.inDistrict(record, district);
            EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(record).awaitCompletion();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void reported(String sourceSystem, String siteName) {
        send(Topics.FINDINGS, EventTypes.FINDING_REPORTED, new FindingReported(findingId,
                FindingSource.MOCK_EVALUATION, sourceSystem, "R-" + findingId, null, SiteType.RESIDENTIAL_COMPOUND,
                siteName, null, null, null, Category.SANITATION, null, Severity.HIGH, "垃圾堆放", OffsetDateTime.now(),
                null, null, List.of(), null, null, null, 0, null, Instant.now()));
    }

    public void assigned(String unit, String township, String siteName, Instant rectifyBy) {
        assigned(unit, township, List.of(), siteName, rectifyBy);
    }

    public void assigned(String unit, String township, List<String> supporting, String siteName, Instant rectifyBy) {
        assigned(unit, township, supporting, siteName, rectifyBy, Map.of());
    }

    /** A dispatch carrying the names of the units it names, as the routing data gives them. */
    public void assigned(String unit, String township, List<String> supporting, String siteName, Instant rectifyBy,
            Map<String, String> names) {
        send(Topics.CASES, EventTypes.FINDING_ASSIGNED, new FindingAssigned(findingId, 1, unit, township, supporting,
                Category.SANITATION, Severity.HIGH, SiteType.RESIDENTIAL_COMPOUND, siteName, Instant.now(),
                Instant.now().plusSeconds(600), rectifyBy, "p1", 0, names, null, null));
    }

    public void escalated(String target, String unit, int level, long overdueSeconds, Instant raisedAt) {
        escalated(target, unit, level, overdueSeconds, raisedAt, "RECTIFICATION_OVERDUE");
    }

    /** An escalation with its reason ("...; ACCOUNTABILITY_PROPOSAL" at the ladder's top); its id. */
    public UUID escalated(String target, String unit, int level, long overdueSeconds, Instant raisedAt,
            String reason) {
        Instant deadline = raisedAt.minusSeconds(overdueSeconds);
        UUID escalation = UUID.randomUUID();
        send(Topics.ESCALATIONS, EventTypes.ESCALATION_RAISED, new EscalationRaised(escalation, findingId, 1,
                level, target, unit, reason, deadline, deadline, raisedAt, overdueSeconds, false));
        return escalation;
    }

    public void closed(String unit, CaseClosed.Outcome outcome, Instant at) {
        send(Topics.CASES, EventTypes.CASE_CLOSED, new CaseClosed(findingId, 1, unit, outcome, null, at, "office"));
    }
}
