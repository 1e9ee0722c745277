package org.civcity.shared.config;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.civcity.shared.district.ServedDistricts;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Refuses to start a service whose secrets are missing or known development values, or whose district settings are
 * malformed (the first migration would write the home district into every existing row), before the first migration
 * (as a Flyway customizer) and again at start-up for a service that does not migrate.
 */
@ApplicationScoped
public class SecretsGuard implements FlywayConfigurationCustomizer {

    /**
     * Settings that hold a secret by their name, checked against the development values when they are set; names of
     * other profiles ({@code %dev.}) are not this run's settings.
     */
    static final Pattern SECRET_NAME = Pattern.compile("(?i)[^%].*[._-](password|secret|secret-key|encryption-key)$");

    private final SecretsConfig secrets;
    private final Config config;

    public SecretsGuard(SecretsConfig secrets, Config config) {
        this.secrets = secrets;
        this.config = config;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        check();
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent event) {
        check();
    }

    private void check() {
        ServedDistricts.check();
        if (secrets.developmentValuesAllowed()) {
            Log.debug("Development secret values allowed (civcity.secrets.development-values-allowed)");
            return;
        }
        Set<String> names = new LinkedHashSet<>(secrets.required());
        config.getPropertyNames().forEach(name -> {
            if (SECRET_NAME.matcher(name).matches()) {
                names.add(name);
            }
        });
        List<String> problems = problems(secrets.required(), names, secrets.developmentValues(),
                name -> config.getOptionalValue(name, String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems)
                    + ". Set each from the deployment's secret store (environment variable or mounted file); only a"
                    + " developer's machine may set civcity.secrets.development-values-allowed=true.");
        }
    }

    /** What is wrong with the secrets: each required one missing, each checked one with a development value. */
    static List<String> problems(List<String> required, Set<String> checked, List<String> developmentValues,
            Function<String, Optional<String>> value) {
        Set<String> known = new LinkedHashSet<>();
        developmentValues.forEach(v -> known.add(v.strip().toLowerCase(Locale.ROOT)));
        List<String> problems = new ArrayList<>();
        for (String name : checked) {
            Optional<String> v = value.apply(name).filter(s -> !s.isBlank());
            if (v.isEmpty()) {
                if (required.contains(name)) {
                    problems.add(name + " is not set");
                }
            } else if (known.contains(v.get().strip().toLowerCase(Locale.ROOT))) {
                problems.add(name + " has a known development value");
            }
        }
        return problems;
    }
}
