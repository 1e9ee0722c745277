package org.civcity.escalation.domain;

import java.util.List;

/**
 * What a timer watches: the warning before the deadline, one of the two dispatch clocks, or a supervision order (a
 * leader's instruction, or a listed site's).
 */
public enum DeadlineKind {
    /** A share of the rectification budget is used: warn the unit. */
    WARNING,
    ACKNOWLEDGE,
    RECTIFY,
    /** A leader's instruction (批示) not carried out by its order's deadline. */
    SUPERVISION,
    /** A listed site's case (挂牌督办) not closed by its order's deadline. */
    LISTING;

    /** The kinds that watch a supervision order (which outlives reworks and transfers) rather than a case's clock. */
    public static final List<DeadlineKind> ORDERS = List.of(SUPERVISION, LISTING);
}
