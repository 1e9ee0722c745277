package org.civcity.shared.calendar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The district's working-time calendar. */
@ConfigMapping(prefix = "civcity.calendar")
public interface CalendarConfig {

    @WithDefault("Asia/Shanghai")
    String zone();

    /** Working periods of a working day, e.g. 09:00-12:00,13:30-17:30. */
    @WithDefault("09:00-12:00,13:30-17:30")
    List<String> periods();

    /**
     * Years bundled with the service, each a classpath file calendar/YEAR.json: in force (as version 0) until the
     * feed brings a published version, and published as version 1 by the owner of calendars when it has none.
     */
    @WithDefault("2026")
    List<Integer> years();

    /** The feed of published calendars (topic civcity.calendars). */
    Feed feed();

    /** The feed of published calendars. */
    interface Feed {

        /** Off only in tests without a broker. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long a starting service waits to have read the whole feed before it takes work, so that its first
         * deadline already counts on the latest calendar; it starts anyway after that (the broker may be away) with
         * the calendars it kept in its database.
         */
        @WithDefault("PT15S")
        Duration catchUp();
    }
}
