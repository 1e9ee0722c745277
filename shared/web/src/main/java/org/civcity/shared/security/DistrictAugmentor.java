package org.civcity.shared.security;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.shared.district.ServedDistricts;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token of a district this deployment does not serve (or with a malformed district claim) keeps no role here, so
 * every secured endpoint answers 403 whether or not it reads the caller's district.
 */
@ApplicationScoped
public class DistrictAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Object claim = jwt.getClaim("district");
        try {
            ServedDistricts.resolve(claim == null ? null : claim.toString());
            return Uni.createFrom().item(identity);
        } catch (ServedDistricts.UnknownDistrictException e) {
            Log.warnf("Token of %s names %s: no role granted", identity.getPrincipal().getName(), e.getMessage());
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                    .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                    .setAnonymous(false).build());
        }
    }
}
