package org.civcity.notification.service;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.civcity.contracts.AccountabilityRecorded;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.EscalationLog;
import org.civcity.notification.repository.LedgerHeadRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/** The leaders' daily digest: their area's overdue cases and escalations, once per leader per working day. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class DigestTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    DigestService digests;

    @Inject
    WorkingCalendar calendar;

    @Inject
    LedgerHeadRepository ledger;

    /** An accountability record as escalation-service announces it: of an escalation, or of a disposition. */
    private void recorded(long sequence, String hash, UUID disposes) throws Exception {
        UUID finding = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                UUID.randomUUID(), EventTypes.ACCOUNTABILITY_RECORDED, finding.toString(), mapper.writeValueAsString(
                        new AccountabilityRecorded(UUID.randomUUID(), sequence, finding, 1, 4, "URBAN_MANAGEMENT",
                                "PRINCIPAL_LEADERS", disposes == null ? "RECTIFICATION_OVERDUE" : "DISPOSITION_TALK",
                                60, Instant.now(), hash, disposes == null ? UUID.randomUUID() : null, disposes,
                                disposes == null ? null : "TALK")))).awaitCompletion();
    }

    private int run(Instant at) {
        return onContext(() -> digests.runDue(at));
    }

    /** Runs on a Vert.x context of its own, as a replica's round would: its own session and connection. */
    private static <T> T onContext(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalDate next(boolean working) {
        LocalDate day = LocalDate.now(calendar.zone()).plusDays(1);
        while (calendar.isWorkingDay(day) != working) {
            day = day.plusDays(1);
        }
        return day;
    }

    private Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(calendar.zone()).toInstant();
    }

    @Test
    void eachLeaderGetsOneDigestOfTheirAreaPerWorkingDayWhateverRunsIt() throws Exception {
        String area = "DIGEST_" + Long.toHexString(System.nanoTime()).toUpperCase();
        String email = "leader@" + area.toLowerCase().replace('_', '-') + ".example.gov.cn";
        ChannelsTest.addRecipient("DISTRICT_LEADER_IN_CHARGE", area, "/digest/" + area, email, "+86 136 0000 0000");
        LocalDate day = next(true);
        Instant at = at(day, "08:31");

        CaseEvents overdue = CaseEvents.of(mapper);
        overdue.reported("mock-eval", "甲小区");
        // The township's name as the dispatch carried it from the routing data: no configuration knows it.
        overdue.assigned("URBAN_MANAGEMENT", area, List.of(), "甲小区", at.minus(Duration.ofHours(2)),
                Map.of(area, "试点街道"));
        overdue.escalated("UNIT_HEAD", "URBAN_MANAGEMENT", 1, 3600, at.minus(Duration.ofHours(1)));
        CaseEvents elsewhere = CaseEvents.of(mapper);
        elsewhere.assigned("MARKET_REGULATION", "OTHER_" + area, "乙市场", at.minus(Duration.ofHours(2)));
        CaseEvents fixed = CaseEvents.of(mapper);
        fixed.assigned("URBAN_MANAGEMENT", area, "丙路", at.minus(Duration.ofHours(3)));
        fixed.closed("URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, at.minus(Duration.ofHours(4)));
        // The ledger's head moves forward only, whatever order the records' announcements arrive in.
        long head = 1_000_000_000L + System.nanoTime() % 1_000_000;
        String headHash = "ab".repeat(32);
        recorded(head, headHash, null);
        // Two accountability proposals in the area, raised before the last day, on cases fixed late since: one still
        // waits for what follows it, a talk settled the other.
        String proposal = "RECTIFICATION_OVERDUE; ACCOUNTABILITY_PROPOSAL";
        CaseEvents waiting = CaseEvents.of(mapper);
        waiting.assigned("URBAN_MANAGEMENT", area, "戊街", at.minus(Duration.ofHours(40)));
        waiting.escalated("PRINCIPAL_LEADERS", "URBAN_MANAGEMENT", 4, 36000, at.minus(Duration.ofHours(30)), proposal);
        waiting.closed("URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, at.minus(Duration.ofHours(26)));
        CaseEvents settled = CaseEvents.of(mapper);
        settled.assigned("URBAN_MANAGEMENT", area, "丁巷", at.minus(Duration.ofHours(40)));
        UUID talkedAbout = settled.escalated("PRINCIPAL_LEADERS", "URBAN_MANAGEMENT", 4, 36000,
                at.minus(Duration.ofHours(30)), proposal);
        settled.closed("URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, at.minus(Duration.ofHours(26)));
        recorded(head - 1, "cd".repeat(32), talkedAbout);
        await().atMost(Duration.ofSeconds(20)).until(() -> onContext(() -> Panache.withSession(
                () -> CaseView.count("findingId = ?1 and closedAt is not null", fixed.findingId()))) > 0
                && onContext(() -> Panache.withSession(() -> ledger.head("home"))).sequence() == head
                && onContext(() -> Panache.withSession(() -> EscalationLog.count("escalationId = ?1 and disposedAt"
                        + " is not null", talkedAbout))) > 0
                && onContext(() -> Panache.withSession(() -> EscalationLog.count("findingId", overdue.findingId()))) > 0
                && onContext(() -> Panache.withSession(() -> CaseView.count("findingId = ?1 and township is not null",
                        elsewhere.findingId()))) > 0);

        assertEquals(0, run(at(next(false), "09:00")), "no digest on a day off");
        assertEquals(0, run(at(day, "08:29")), "no digest before its time");

        // Two replicas' rounds at once, then a restarted one: one digest per leader.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<Integer> round = () -> run(at);
        List<Future<Integer>> rounds = pool.invokeAll(List.of(round, round));
        pool.shutdown();
        int made = rounds.get(0).get() + rounds.get(1).get();
        assertTrue(made >= 1, "made " + made);
        assertEquals(0, run(at.plusSeconds(3600)));

        await().atMost(Duration.ofSeconds(20)).until(() -> webhooks(area, day).size() == 1
                && mails(email, day).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> webhooks(area, day).size() == 1 && mails(email, day).size() == 1);
        JsonNode digest = mapper.readTree(webhooks(area, day).get(0).body());
        String text = digest.get("message").asText();
        assertTrue(text.startsWith("【每日督办简报】" + day + " · 试点街道"), text);
        assertTrue(text.contains("共有超期未整改问题 1 个，上次简报以来新增督办 1 次"), text);
        assertTrue(text.contains("1. 甲小区（城市管理局 · 试点街道）已超期2小时0分钟，督办至第1级。"), text);
        assertFalse(text.contains("乙市场"), text);
        // Until next year's calendar is published (CalendarFeedTest may have), leaders are told it is due.
        assertEquals(calendar.coverageDays(day) < 60, text.contains("【日历预警】工作日历只发布到 "
                + calendar.coveredUntil(day)), text);
        assertTrue(text.contains("升级至第1级（责任单位主要负责人）"), text);
        // The proposal nobody has acted on is listed until a disposition is recorded; the settled one is not.
        assertTrue(text.contains("三、待处理的问责建议\n1. ") && text.contains("戊街（城市管理局）第4级问责建议（区主要领导），"
                + "尚未记录处理结果"), text);
        assertFalse(text.contains("丁巷（城市管理局）第4级问责建议"), text);
        // Every digest names the ledger's head, so a ledger rewritten later disagrees with what leaders were told.
        assertTrue(text.contains("问责台账链头：第 " + head + " 条（"), text);
        assertTrue(text.contains("），SHA-256 " + headHash + "。"), text);
        // The ranking is district-wide, so other tests' cases are in it too.
        assertTrue(text.contains("红榜 1. ") && text.contains("城市管理局：按期结案率"), text);
        MimeMessage mail = mails(email, day).get(0);
        assertTrue(mail.getContent().toString().contains("甲小区"));
    }

    private static List<AlertReceiver.Received> webhooks(String area, LocalDate day) {
        return ChannelsTest.received("/digest/" + area, "\"date\":\"" + day + "\"");
    }

    private static List<MimeMessage> mails(String email, LocalDate day) {
        return ChannelsTest.mailTo(email).stream().filter(m -> {
            try {
                return m.getSubject().contains(day.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
