package org.civcity.shared.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.civcity.shared.text.Texts;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: name, roles, the unit claim of unit staff and the OAuth client of machine accounts.
 *
 * @param unit the {@code unit} claim, or null for callers that belong to no unit
 * @param clientId the authorised party ({@code azp}, else {@code client_id}) of the token
 */
public record Caller(String name, Set<String> roles, String unit, String clientId) {

    public static Caller of(SecurityIdentity identity) {
        String unit = null;
        String clientId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            unit = jwt.getClaim("unit");
            clientId = jwt.getClaim("azp");
            if (clientId == null) {
                clientId = jwt.getClaim("client_id");
            }
        }
        return new Caller(identity.getPrincipal().getName(), identity.getRoles(), Texts.strippedOrNull(unit),
                Texts.strippedOrNull(clientId));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Sees every unit's data: the civilization office and leaders. */
    public boolean seesAllUnits() {
        return has(Roles.SUPERVISOR) || has(Roles.LEADER);
    }

    /**
     * A government system posting findings by machine: it sees and posts only its own client's findings. The office
     * (supervisor) is never restricted so, even when its account also reports.
     */
    public boolean isMachineReporter() {
        return has(Roles.REPORTER) && !has(Roles.SUPERVISOR);
    }

    /** True when this caller may see data of {@code someUnit}. */
    public boolean mayAccessUnit(String someUnit) {
        return seesAllUnits() || (has(Roles.HANDLER) && unit != null && unit.equals(someUnit));
    }
}
