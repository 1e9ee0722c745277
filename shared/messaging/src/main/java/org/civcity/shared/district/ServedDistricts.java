package org.civcity.shared.district;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civcity.contracts.Districts;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The districts this deployment serves ({@code civcity.district.served}) and its home district
 * ({@code civcity.district.home}): the district of tokens, events and rows that name none, as all did before one
 * deployment could serve several. Static, so the callers stay plain records and static decoders; read once per
 * configuration (a SmallRye lookup per event and request was 2-4% of each service's CPU, docs/benchmarks.md).
 */
public final class ServedDistricts {

    /** The values read from one configuration: a test restarting the application with another reads them anew. */
    private static volatile Read read;

    private ServedDistricts() {
    }

    /** The home district's code. */
    public static String home() {
        return read().home();
    }

    /** Every district served here, the home district first. */
    public static Set<String> served() {
        return read().served();
    }

    private static Read read() {
        Config config = ConfigProvider.getConfig();
        Read current = read;
        if (current == null || current.config() != config) {
            String home = config.getOptionalValue("civcity.district.home", String.class).orElse("home");
            LinkedHashSet<String> codes = new LinkedHashSet<>();
            codes.add(home);
            config.getOptionalValues("civcity.district.served", String.class).orElse(List.of()).stream()
                    .map(String::strip).filter(code -> !code.isEmpty()).forEach(codes::add);
            current = new Read(config, home, Collections.unmodifiableSet(codes));
            read = current;
        }
        return current;
    }

    private record Read(Config config, String home, Set<String> served) {
    }

    /**
     * Refuses to start with a malformed home or served district code, which every request would then fail on (called
     * by {@code SecretsGuard} before the first migration).
     */
    public static void check() {
        for (String code : served()) {
            if (!Districts.valid(code)) {
                throw new IllegalStateException("civcity.district.home and civcity.district.served must be district"
                        + " codes (" + Districts.CODE.pattern() + "): '" + code + "' is not");
            }
        }
    }

    /**
     * The district a token, request or event names, or the home district when it names none.
     *
     * @throws UnknownDistrictException when the code is malformed or not served here
     */
    public static String resolve(String named) {
        if (named == null || named.isBlank()) {
            return home();
        }
        String code = named.strip();
        if (!Districts.valid(code) || !served().contains(code)) {
            throw new UnknownDistrictException(code);
        }
        return code;
    }

    /** A district code that is malformed or not served by this deployment. */
    public static final class UnknownDistrictException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String code;

        public UnknownDistrictException(String code) {
            super("district '" + code + "' is not served here");
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
