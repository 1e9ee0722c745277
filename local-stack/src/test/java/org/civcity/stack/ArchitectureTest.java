package org.civcity.stack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and layer rules of docs/architecture.md, checked on every module's compiled main classes, so they stay
 * true as the code grows.
 */
class ArchitectureTest {

    private static final List<String> MODULES = List.of("contracts", "stand-ins", "shared/messaging", "shared/web",
            "shared/calendar", "test-support",
            "findings-service", "assignment-service", "escalation-service", "notification-service", "local-stack");
    private static final String[] SERVICES = {"org.civcity.findings..", "org.civcity.assignment..",
        "org.civcity.escalation..", "org.civcity.notification.."};

    /** The packages of shared-messaging and of shared-web. */
    private static final String[] MESSAGING = {"org.civcity.shared.outbox..", "org.civcity.shared.inbox..",
        "org.civcity.shared.messaging..", "org.civcity.shared.health..", "org.civcity.shared.metrics..",
        "org.civcity.shared.trace..", "org.civcity.shared.lock..", "org.civcity.shared.sql.."};
    private static final String[] WEB = {"org.civcity.shared.problem..", "org.civcity.shared.security..",
        "org.civcity.shared.persistence..", "org.civcity.shared.text..", "org.civcity.shared.http.."};
    private static final String PANACHE = "io.quarkus.hibernate.reactive.panache";
    private static final Set<String> ACTIVE_RECORD = Set.of("find", "findAll", "findById", "list", "listAll",
            "stream", "streamAll", "count", "delete", "deleteAll", "deleteById", "update", "persist",
            "persistAndFlush", "flush", "getSession", "isPersistent");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        Path root = Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize();
        List<Path> dirs = MODULES.stream().map(m -> root.resolve(m).resolve("target/classes")).toList();
        dirs.forEach(d -> assertTrue(Files.isDirectory(d), d + " is not built"));
        main = new ClassFileImporter().importPaths(dirs);
        assertTrue(main.size() > 100, "imported only " + main.size() + " classes");
    }

    @Test
    void servicesNeverDependOnEachOther() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage(service).should().dependOnClassesThat()
                    .resideInAnyPackage(List.of(SERVICES).stream().filter(s -> !s.equals(service))
                            .toArray(String[]::new)).check(main);
        }
    }

    @Test
    void contractsDependOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.civcity.contracts..").should().dependOnClassesThat()
                .resideInAnyPackage(only("org.civcity.contracts..")).check(main);
    }

    @Test
    void standInsNeedOnlyTheJdk() {
        classes().that().resideInAPackage("org.civcity.standin..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.net.ssl..", "com.sun.net.httpserver..", "org.civcity.standin..")
                .check(main);
    }

    @Test
    void sharedCodeKnowsNoServiceAndNoTestCode() {
        noClasses().that().resideInAPackage("org.civcity.shared..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(SERVICES, "org.civcity.testsupport..", "org.civcity.stack..",
                        "org.civcity.standin..")).check(main);
    }

    @Test
    void messagingKnowsNothingOfTheWebLayer() {
        noClasses().that().resideInAnyPackage(MESSAGING).should().dependOnClassesThat()
                .resideInAnyPackage(WEB).check(main);
    }

    @Test
    void theCalendarKnowsOnlyTheEventItIsPublishedWith() {
        noClasses().that().resideInAPackage("org.civcity.shared.calendar..").should().dependOnClassesThat()
                .resideInAnyPackage(only("org.civcity.shared.calendar..", "org.civcity.contracts..")).check(main);
        // Working time itself is pure domain: the feed and the store around it may know the event, it may not.
        noClasses().that().haveFullyQualifiedName("org.civcity.shared.calendar.WorkingCalendar").should()
                .dependOnClassesThat().resideInAnyPackage(only("org.civcity.shared.calendar..")).check(main);
    }

    @Test
    void testSupportKnowsNoService() {
        noClasses().that().resideInAPackage("org.civcity.testsupport..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(SERVICES, "org.civcity.stack..")).check(main);
    }

    @Test
    void theLauncherUsesNoTestCodeAndNoServiceClass() {
        noClasses().that().resideInAPackage("org.civcity.stack..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(SERVICES, "org.civcity.testsupport..", "org.civcity.shared..")).check(main);
    }

    @Test
    void onlyResourcesSeeTheHttpLayer() {
        noClasses().that().resideInAnyPackage("org.civcity.*.service..", "org.civcity.*.repository..",
                "org.civcity.*.domain..", "org.civcity.*.messaging..", "org.civcity.*.api..")
                .should().dependOnClassesThat().resideInAPackage("org.civcity.*.rest..").check(main);
    }

    @Test
    void resourcesOnlyTranslateHttp() {
        noClasses().that().resideInAPackage("org.civcity.*.rest..")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().areAnnotatedWith("jakarta.persistence.Entity")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(PANACHE + ".Panache")
                .because("resources translate HTTP; services decide and own transactions; repositories hold queries")
                .check(main);
        noMethods().that().areDeclaredInClassesThat().resideInAPackage("org.civcity.*.rest..")
                .should().beAnnotatedWith(PANACHE + ".common.WithSession")
                .orShould().beAnnotatedWith(PANACHE + ".common.WithTransaction").check(main);
    }

    @Test
    void onlyRepositoriesQueryTheDatabase() {
        // Entities extend PanacheEntityBase only so that Quarkus turns access to their public fields into accessor
        // calls (dirty tracking needs them); finding, counting, persisting and deleting is the repositories' work.
        DescribedPredicate<JavaMethodCall> activeRecord = DescribedPredicate.describe("an active-record call",
                call -> call.getTargetOwner().isAssignableTo(PANACHE + ".PanacheEntityBase")
                        && ACTIVE_RECORD.contains(call.getName()));
        String[] outsideRepositories = List.of(SERVICES).stream().flatMap(service -> List.of(
                service.replace("..", ".service.."), service.replace("..", ".rest.."),
                service.replace("..", ".messaging.."), service.replace("..", ".api.."),
                service.replace("..", ".domain.."), service.replace("..", ".health.."),
                service.replace("..", ".config..")).stream()).toArray(String[]::new);
        noClasses().that().resideInAnyPackage(outsideRepositories)
                .should().callMethodWhere(activeRecord)
                .orShould().callMethod(PANACHE + ".Panache", "getSession")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.hibernate.reactive.mutiny.Mutiny$Session")
                .orShould().dependOnClassesThat().resideInAPackage("io.vertx.mutiny.sqlclient..")
                .because("one persistence style: queries, SQL and sessions live in repositories")
                .check(main);
    }

    @Test
    void nativeSelectsBypassHibernatesQueryLayer() throws IOException {
        // Hibernate Reactive's key for a native select never equals another, so every execution caches one more plan,
        // crowding out the plans worth keeping (NativeSql, QueryPlanCache). Native selects go through NativeSql;
        // native statements that change rows are keyed properly. The SQL is in the source, not in the bytecode.
        // Not seen: SQL in a variable without a result class; DeliveryFlowTest's plan count guards the hot paths.
        Pattern select = Pattern.compile("createNativeQuery\\(\\s*(?:\"(?:\"\")?\\s*(?:SELECT|WITH)\\b"
                + "|[^;]*?,\\s*[\\w\\[\\]]+\\.class\\))", Pattern.CASE_INSENSITIVE);
        List<String> offending = new ArrayList<>();
        Path root = Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = select.matcher(Files.readString(file));
                    while (m.find()) {
                        offending.add(root.relativize(file) + ": " + m.group().replaceAll("\\s+", " "));
                    }
                }
            }
        }
        assertTrue(offending.isEmpty(), "native selects through Hibernate (use NativeSql): " + offending);
    }

    @Test
    void repositoriesAndDomainDoNotCallServices() {
        noClasses().that().resideInAnyPackage("org.civcity.*.repository..", "org.civcity.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.civcity.*.service..",
                        "org.civcity.*.messaging..").check(main);
    }

    /** Every package of ours except the given ones. */
    private static String[] only(String... allowed) {
        List<String> ours = new ArrayList<>(List.of("org.civcity.contracts..", "org.civcity.standin..",
                "org.civcity.shared.calendar..", "org.civcity.testsupport..", "org.civcity.stack.."));
        ours.addAll(List.of(MESSAGING));
        ours.addAll(List.of(WEB));
        ours.addAll(List.of(SERVICES));
        ours.removeAll(List.of(allowed));
        return ours.toArray(String[]::new);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
