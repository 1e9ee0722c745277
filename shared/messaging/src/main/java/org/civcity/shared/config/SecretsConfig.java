package org.civcity.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Which settings are secrets, which values are known development values, and whether those may be used. */
@ConfigMapping(prefix = "civcity.secrets")
public interface SecretsConfig {

    /** Settings a service cannot run without (the database password, a signing key); each must be set. */
    List<String> required();

    /**
     * Values that appear in this repository (application.properties, run.sh, the tests, compose): a deployment that
     * uses one of them has a secret everyone knows. Compared ignoring case.
     */
    List<String> developmentValues();

    /** Only a developer's machine and the tests say yes; run.sh, the tests and compose pass it explicitly. */
    @WithDefault("false")
    boolean developmentValuesAllowed();
}
