package org.civcity.escalation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The escalation ladder, warnings and the deadline scanner. */
@ConfigMapping(prefix = "escalation")
public interface EscalationConfig {

    /** Version of the ladder below, snapshotted on every timer. */
    @WithDefault("ladder-2026.2")
    String policyVersion();

    /**
     * Levels in order; level i fires its delay (working time) after the rectification deadline. Published as version
     * {@link #policyVersion()} at start when that version is not published yet; admins publish later versions.
     */
    List<Level> ladder();

    /** Roles a ladder level may address: those the notification service has recipients for. */
    @WithDefault("UNIT_HEAD,GRID_LEADER,CIVILIZATION_OFFICE,CIVILIZATION_OFFICE_DIRECTOR,DISTRICT_LEADER_IN_CHARGE,"
            + "PRINCIPAL_LEADERS,DISCIPLINE_INSPECTION_LIAISON")
    List<String> targets();

    /** How often an instance looks for a ladder another instance published. */
    @WithDefault("PT15S")
    Duration ladderRefresh();

    /** Who a missed acknowledgement escalates to (level 1 of the acknowledge clock). */
    @WithDefault("UNIT_HEAD")
    String acknowledgeTarget();

    /** Share of the rectification budget (working time) after which the unit is warned. */
    @WithDefault("0.8")
    double warningShare();

    /** Repeat findings (屡改屡犯) start this many levels higher. */
    @WithDefault("1")
    int repeatLevelsSkipped();

    /**
     * The longest pause between scans for due timers: the scanner sleeps until the earliest pending timer falls due
     * and a timer set or moved wakes it, so this is the safety net for a lost notification.
     */
    @WithDefault("PT5S")
    Duration scanInterval();

    /** The shortest time between the starts of two scans, so under load a scan gathers a batch. */
    @WithDefault("PT0.25S")
    Duration scanSpacing();

    /** Timers claimed per transaction. */
    @WithDefault("500")
    int batchSize();

    /** A level fired this long after it fell due is marked late (the service was down or behind). */
    @WithDefault("PT1M")
    Duration lateAfter();

    Assessment assessment();

    Listing listing();

    /** Listed supervision (挂牌督办) of sites where problems recur, as findings-service lists them. */
    interface Listing {

        /** The listing's order is stricter than a case: it starts this many levels up the ladder. */
        @WithDefault("1")
        int levelsSkipped();
    }

    /** One level of the ladder. */
    interface Level {

        /** Working time after the deadline: "1 working days", or an ISO duration for tests. */
        String delay();

        /** The role the level addresses; a level without one is skipped. */
        Optional<String> target();

        /**
         * Every party the level addresses, as ROLE@LEAD, ROLE@TERRITORIAL, ROLE@GRID or ROLE@DISTRICT; without it,
         * the target of the lead department.
         */
        Optional<List<String>> parties();

        /** The top level proposes accountability measures. */
        @WithDefault("false")
        boolean accountabilityProposal();
    }

    /** Penalty points of the assessment. */
    interface Assessment {

        @WithDefault("0.3")
        double pointsPerFinding();

        @WithDefault("1")
        double pointsPerOverdue();

        @WithDefault("2")
        double pointsPerRepeat();

        /** Penalty points per point an evaluator deducted (扣分) on the party's findings. */
        @WithDefault("1")
        double pointsPerDeductionPoint();

        /** How many units the honour roll and the blacklist name. */
        @WithDefault("3")
        int rollSize();
    }
}
