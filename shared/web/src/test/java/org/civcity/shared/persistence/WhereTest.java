package org.civcity.shared.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WhereTest {

    @Test
    void nullFiltersAddNothing() {
        Where w = new Where().eq("unit", null).addIf(false, "x = :x", "x", 1).before("t", "id", null, null);
        assertTrue(w.isEmpty());
        assertEquals("", w.query());
        assertEquals(Map.of(), w.params());
    }

    @Test
    void clausesAreJoinedAndParametersNamed() {
        UUID id = UUID.randomUUID();
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Where w = new Where().eq("unit", "URBAN_MANAGEMENT").add("reason like :reason", "reason", "OVERDUE%")
                .before("reportedAt", "id", t, id);
        assertEquals("unit = :unit and reason like :reason"
                + " and (reportedAt < :afterTime or (reportedAt = :afterTime and id < :afterId))", w.query());
        assertEquals(Map.of("unit", "URBAN_MANAGEMENT", "reason", "OVERDUE%", "afterTime", t, "afterId", id),
                w.params());
    }

    @Test
    void parametersComeInPairs() {
        assertThrows(IllegalArgumentException.class, () -> new Where().add("a = :a", "a"));
    }
}
