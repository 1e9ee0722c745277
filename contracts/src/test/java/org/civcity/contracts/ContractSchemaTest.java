package org.civcity.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps each payload record and its published JSON Schema in step: same fields, required ones present, enums equal. */
class ContractSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @ParameterizedTest
    @MethodSource("payloads")
    void recordMatchesSchema(String type, Class<?> payload) throws Exception {
        JsonNode schema = schema(type);
        assertEquals(type, schema.get("title").asText());

        Set<String> components = Arrays.stream(payload.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        assertEquals(components, properties, "fields of " + payload.getSimpleName() + " vs schema " + type);

        for (JsonNode required : schema.get("required")) {
            assertTrue(components.contains(required.asText()), "required " + required + " is no field");
        }
        for (RecordComponent component : payload.getRecordComponents()) {
            if (component.getType().isEnum()) {
                Set<String> constants = Arrays.stream(component.getType().getEnumConstants())
                        .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
                Set<String> schemaEnum = new TreeSet<>();
                Iterator<JsonNode> it = schema.get("properties").get(component.getName()).get("enum").elements();
                it.forEachRemaining(n -> schemaEnum.add(n.asText()));
                assertEquals(constants, schemaEnum, "enum of " + component.getName());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"finding.reported", "finding.assigned", "case.acknowledged", "case.closed", "escalation.raised",
        "rectification.submitted", "rectification.verified", "rectification.rejected", "case.transferred",
        "deadline.extended", "deadline.approaching", "accountability.recorded", "calendar.published",
        "ledger.head", "recipient.changed", "instruction.issued", "site.listed", "site.delisted",
        "bulletin.published", "routing.published", "alert.acknowledged", "alert.handed-over", "alert.unanswered"})
    void sampleSerialisesWithEveryRequiredField(String type) throws Exception {
        JsonNode json = MAPPER.valueToTree(sample(type));
        for (JsonNode required : schema(type).get("required")) {
            JsonNode value = json.get(required.asText());
            assertNotNull(value, required.asText());
            assertTrue(!value.isNull(), required.asText() + " is null");
        }
        // Instants travel as ISO-8601 text, never as epoch numbers.
        json.properties().forEach(e -> {
            if (e.getKey().endsWith("At") || e.getKey().endsWith("By")) {
                assertTrue(e.getValue().isTextual(), e.getKey() + " is not text: " + e.getValue());
            }
        });
    }

    /** Each schema's example (the AsyncAPI document's message example) is valid and reads into its record. */
    @ParameterizedTest
    @MethodSource("payloads")
    void exampleIsValidAndReadsIntoTheRecord(String type, Class<?> payload) throws Exception {
        JsonNode examples = schema(type).get("examples");
        assertNotNull(examples, type + " has no examples");
        assertTrue(examples.size() > 0, type + " has no examples");
        JsonSchema validator;
        try (InputStream in = Topics.class.getResourceAsStream("/schemas/" + type + ".json")) {
            validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
        for (JsonNode example : examples) {
            assertEquals(Set.of(), validator.validate(example), type + " example");
            assertNotNull(MAPPER.treeToValue(example, payload));
        }
    }

    /** Each event type with its payload record. */
    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("finding.reported", FindingReported.class),
                Arguments.of("finding.assigned", FindingAssigned.class),
                Arguments.of("case.acknowledged", CaseAcknowledged.class),
                Arguments.of("case.closed", CaseClosed.class),
                Arguments.of("rectification.submitted", RectificationSubmitted.class),
                Arguments.of("rectification.verified", RectificationVerified.class),
                Arguments.of("rectification.rejected", RectificationRejected.class),
                Arguments.of("case.transferred", CaseTransferred.class),
                Arguments.of("deadline.extended", DeadlineExtended.class),
                Arguments.of("deadline.approaching", DeadlineApproaching.class),
                Arguments.of("accountability.recorded", AccountabilityRecorded.class),
                Arguments.of("escalation.raised", EscalationRaised.class),
                Arguments.of("calendar.published", CalendarPublished.class),
                Arguments.of("ledger.head", LedgerHead.class),
                Arguments.of("recipient.changed", RecipientChanged.class),
                Arguments.of("instruction.issued", InstructionIssued.class),
                Arguments.of("site.listed", SiteListed.class),
                Arguments.of("site.delisted", SiteDelisted.class),
                Arguments.of("bulletin.published", BulletinPublished.class),
                Arguments.of("routing.published", RoutingPublished.class),
                Arguments.of("alert.acknowledged", AlertFollowUp.class),
                Arguments.of("alert.handed-over", AlertFollowUp.class),
                Arguments.of("alert.unanswered", AlertFollowUp.class));
    }

    private static Object sample(String type) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2026-11-26T02:00:00Z");
        return switch (type) {
            case "finding.reported" -> new FindingReported(id, FindingSource.MOCK_EVALUATION, "mock-eval", "R-1",
                    "2026-09 mock evaluation", SiteType.BACK_ALLEY, "Lane 3", "BA-003", "Lane 3, Xinhua Road",
                    "新华街道", Category.SANITATION, "SAN-LITTER", Severity.HIGH, "Litter",
                    OffsetDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZoneOffset.ofHours(8)), 30.1, 120.2,
                    java.util.List.of(new FindingReported.Evidence("https://evidence.example/1.jpg", "0".repeat(64),
                            "image/jpeg")), "Inspector Wu", java.math.BigDecimal.ONE, null, 0, null, now);
            case "finding.assigned" -> new FindingAssigned(id, 1, "URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT",
                    java.util.List.of("ECOLOGY_ENVIRONMENT"), Category.SANITATION,
                    Severity.HIGH, SiteType.BACK_ALLEY, "Lane 3", now, now.plusSeconds(60), now.plusSeconds(120),
                    "skeleton-1", 0);
            case "case.acknowledged" -> new CaseAcknowledged(id, 1, "URBAN_MANAGEMENT", now, "handler-um",
                    now.plusSeconds(60), false);
            case "case.closed" -> new CaseClosed(id, 1, "URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, null, now,
                    "supervisor");
            case "rectification.submitted" -> new RectificationSubmitted(id, 1, "URBAN_MANAGEMENT", now, "handler-um",
                    "Cleared", java.util.List.of("https://evidence.example/after.jpg"));
            case "rectification.verified" -> new RectificationVerified(id, 1, "URBAN_MANAGEMENT", now, "supervisor",
                    null);
            case "rectification.rejected" -> new RectificationRejected(id, 2, 1, now, "URBAN_MANAGEMENT", now,
                    "supervisor", "Still dirty", 1, now.plusSeconds(60), now.plusSeconds(120), "p1");
            case "case.transferred" -> new CaseTransferred(id, 2, 1, "URBAN_MANAGEMENT", "TRAFFIC_POLICE", now,
                    "supervisor", "Not ours", now.plusSeconds(60), now.plusSeconds(120), "p1");
            case "deadline.extended" -> new DeadlineExtended(id, 1, "URBAN_MANAGEMENT", now, now.plusSeconds(60),
                    "supervisor", "Materials", now);
            case "deadline.approaching" -> new DeadlineApproaching(id, 1, "URBAN_MANAGEMENT", now, now, 0.8);
            case "accountability.recorded" -> new AccountabilityRecorded(UUID.randomUUID(), 1, id, 1, 1,
                    "URBAN_MANAGEMENT", "UNIT_HEAD", "RECTIFICATION_OVERDUE", 60, now, "0".repeat(64),
                    UUID.randomUUID(), null, null);
            case "escalation.raised" -> new EscalationRaised(UUID.randomUUID(), id, 1, 1, "UNIT_HEAD",
                    "URBAN_MANAGEMENT", "RECTIFICATION_OVERDUE", now, now, now.plusSeconds(1), 1, false);
            case "calendar.published" -> new CalendarPublished(2027, 1, "State Council notice", java.util.List.of(
                    java.time.LocalDate.of(2027, 1, 1)), java.util.List.of(), "admin", now);
            case "ledger.head" -> new LedgerHead(7, "0".repeat(64), now);
            case "recipient.changed" -> new RecipientChanged(UUID.randomUUID(), "UNIT_HEAD", "URBAN_MANAGEMENT",
                    "王建国 局长", true, 0, now);
            case "instruction.issued" -> new InstructionIssued(UUID.randomUUID(), id, UUID.randomUUID(),
                    "URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", "李区长", "请三日内整改到位", now, now.plusSeconds(60));
            case "site.listed" -> new SiteListed(UUID.randomUUID(), id, "code:BA-003", SiteType.BACK_ALLEY, "Lane 3",
                    "BA-003", "XINHUA_SUBDISTRICT", null, "URBAN_MANAGEMENT", 3, "P180D", java.util.List.of(id), now,
                    now.plusSeconds(60), "5 working days");
            case "site.delisted" -> new SiteDelisted(UUID.randomUUID(), id, "code:BA-003", "Lane 3",
                    "XINHUA_SUBDISTRICT", "URBAN_MANAGEMENT", now, now.plusSeconds(60), "20 working days",
                    now.plusSeconds(120));
            case "bulletin.published" -> new BulletinPublished(id, "2026-11", 1, now, "office", null,
                    java.util.List.of(new BulletinPublished.Listed("MARKET_REGULATION", "市场监管局", false)),
                    java.util.List.of(new BulletinPublished.Listed("XINHUA_SUBDISTRICT", "新华街道", true)), 3, 1, 0,
                    7, "0".repeat(64), "/api/v1/bulletins/2026-11/publications/1");
            case "routing.published" -> new RoutingPublished("sample-1", now, java.util.List.of(
                    new RoutingPublished.Area("XINHUA_SUBDISTRICT", "新华街道", java.util.List.of(
                            java.util.List.of(120.1, 30.25), java.util.List.of(120.2, 30.25),
                            java.util.List.of(120.1, 30.3), java.util.List.of(120.1, 30.25)), java.util.List.of())));
            case "alert.acknowledged", "alert.handed-over", "alert.unanswered" -> new AlertFollowUp(id,
                    UUID.randomUUID(), 1, 2, "DISTRICT_LEADER_IN_CHARGE", null, "RECTIFICATION_OVERDUE", "王副区长",
                    "陈副区长", "liu.mishu", true, 3, now, now.plusSeconds(600));
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static JsonNode schema(String type) throws Exception {
        try (InputStream in = Topics.class.getResourceAsStream("/schemas/" + type + ".json")) {
            assertNotNull(in, "schema " + type);
            return MAPPER.readTree(in);
        }
    }
}
