package org.civcity.shared.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.text.Texts;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: name, roles, district, the unit claim of unit staff and the OAuth client of machine accounts.
 *
 * @param district the {@code district} claim, or the home district for a token that names none; never null
 * @param unit the {@code unit} claim, or null for callers that belong to no unit
 * @param clientId the authorised party ({@code azp}, else {@code client_id}) of the token
 */
public record Caller(String name, Set<String> roles, String district, String unit, String clientId) {

    /**
     * The caller of a request.
     *
     * @throws ServedDistricts.UnknownDistrictException (403) when the token names a district not served here
     */
    public static Caller of(SecurityIdentity identity) {
        String district = null;
        String unit = null;
        String clientId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            district = jwt.getClaim("district");
            unit = jwt.getClaim("unit");
            clientId = jwt.getClaim("azp");
            if (clientId == null) {
                clientId = jwt.getClaim("client_id");
            }
        }
        return new Caller(identity.getPrincipal().getName(), identity.getRoles(), ServedDistricts.resolve(district),
                Texts.strippedOrNull(unit), Texts.strippedOrNull(clientId));
    }

    /**
     * Refuses (403) a caller of another district than the home one, for what is every district's at once and so the
     * platform's to change (the national working calendar); {@code why} tells the caller so.
     */
    public Caller homeDistrictOnly(String why) {
        if (!ServedDistricts.home().equals(district)) {
            throw new ProblemException(403, "Forbidden", "Only the home district's staff may do this: " + why);
        }
        return this;
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
