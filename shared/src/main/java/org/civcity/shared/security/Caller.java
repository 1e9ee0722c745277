package org.civcity.shared.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
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
        return new Caller(identity.getPrincipal().getName(), identity.getRoles(), blankToNull(unit),
                blankToNull(clientId));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Sees every unit's data: the civilization office and leaders. */
    public boolean seesAllUnits() {
        return has(Roles.SUPERVISOR) || has(Roles.LEADER);
    }

    /** True when this caller may see data of {@code someUnit}. */
    public boolean mayAccessUnit(String someUnit) {
        return seesAllUnits() || (has(Roles.HANDLER) && unit != null && unit.equals(someUnit));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
