package org.civcity.findings.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The recurrence search's box: every point within the radius is inside it, and it is not much larger. */
class BoxTest {

    /** Great-circle distance in meters (haversine), independent of the box's arithmetic. */
    private static double meters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
    }

    @Test
    void theBoxHoldsTheCircleAtTheDistrictsLatitude() {
        FindingRepository.Box box = FindingRepository.Box.around(30.2741, 120.1551, 100);
        // Its edges lie 100 m from the centre (within a meter: the earth is not a sphere of 111,320 m per degree).
        assertEquals(100, meters(30.2741, 120.1551, box.maxLat(), 120.1551), 1.0);
        assertEquals(100, meters(30.2741, 120.1551, box.minLat(), 120.1551), 1.0);
        assertEquals(100, meters(30.2741, 120.1551, 30.2741, box.maxLon()), 1.0);
        assertEquals(100, meters(30.2741, 120.1551, 30.2741, box.minLon()), 1.0);
        // A point 99 m away in any direction is inside.
        for (int degrees = 0; degrees < 360; degrees += 15) {
            double bearing = Math.toRadians(degrees);
            double lat = 30.2741 + 99 * Math.cos(bearing) / 111_320.0;
            double lon = 120.1551 + 99 * Math.sin(bearing) / (111_320.0 * Math.cos(Math.toRadians(30.2741)));
            assertTrue(meters(30.2741, 120.1551, lat, lon) < 100);
            assertTrue(lat >= box.minLat() && lat <= box.maxLat() && lon >= box.minLon() && lon <= box.maxLon(),
                    "bearing " + degrees);
        }
    }

    @Test
    void longitudeWidensTowardsThePoleButStaysFinite() {
        FindingRepository.Box equator = FindingRepository.Box.around(0, 0, 100);
        FindingRepository.Box north = FindingRepository.Box.around(60, 0, 100);
        assertEquals(2 * (equator.maxLon() - equator.minLon()), north.maxLon() - north.minLon(), 1e-9);
        FindingRepository.Box pole = FindingRepository.Box.around(90, 0, 100);
        assertTrue(Double.isFinite(pole.maxLon()) && pole.maxLon() < 1);
    }
}
