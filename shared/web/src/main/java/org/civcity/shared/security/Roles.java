package org.civcity.shared.security;

/** Realm roles of the system, as Keycloak puts them in tokens. */
public final class Roles {

    /** Machine clients of other government systems that post findings. */
    public static final String REPORTER = "reporter";
    /** Staff of a responsible unit; acts only on its own unit's cases. */
    public static final String HANDLER = "handler";
    /** The district civilization office: dispatches, verifies, approves. */
    public static final String SUPERVISOR = "supervisor";
    /** District leaders: read everything. */
    public static final String LEADER = "leader";
    /** Operations staff: operational endpoints. */
    public static final String OPS = "ops";
    /** A city's supervisors: read the rankings of every district the deployment serves, side by side. */
    public static final String CITY = "city";
    /** Edits routing, calendars, policies and recipients. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
