package org.civcity.contracts;

import java.util.regex.Pattern;

/**
 * The district an event belongs to: one deployment may serve several districts, and every event names its own in
 * the CloudEvents extension attribute {@value #EXTENSION} (Kafka header {@code ce_district}). An event without it
 * belongs to the deployment's home district, as every event did before districts were carried.
 */
public final class Districts {

    /** The CloudEvents extension attribute (lowercase letters only, as CloudEvents 1.0 requires). */
    public static final String EXTENSION = "district";

    /** A district code: an administrative division code such as 330106, or a short lowercase name. */
    public static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,31}$");

    private Districts() {
    }

    /** Whether {@code code} is a well-formed district code. */
    public static boolean valid(String code) {
        return code != null && CODE.matcher(code).matches();
    }
}
