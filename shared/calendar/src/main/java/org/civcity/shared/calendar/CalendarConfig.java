package org.civcity.shared.calendar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The district's working-time calendar. */
@ConfigMapping(prefix = "civcity.calendar")
public interface CalendarConfig {

    @WithDefault("Asia/Shanghai")
    String zone();

    /** Working periods of a working day, e.g. 09:00-12:00,13:30-17:30. */
    @WithDefault("09:00-12:00,13:30-17:30")
    List<String> periods();

    /** Years with a published calendar, each a classpath file calendar/YEAR.json. */
    @WithDefault("2026")
    List<Integer> years();
}
