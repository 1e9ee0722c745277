package org.civcity.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the service under test's Prometheus metrics from its management interface, as Prometheus would. */
public final class Metrics {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Metrics() {
    }

    /** The sum of every sample of {@code name} whose labels contain each of {@code labels} (e.g. consumer="x"). */
    public static double sum(String name, String... labels) {
        return sum(scrape(), name, labels);
    }

    /** The same sum, read from the management interface at {@code managementUrl} (another process). */
    public static double sumAt(String managementUrl, String name, String... labels) {
        return sum(scrape(URI.create(managementUrl + "/q/metrics")), name, labels);
    }

    private static double sum(String exposition, String name, String... labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    // "name{labels} value", optionally followed by " # {trace_id=...} value timestamp" (an exemplar).
                    int exemplar = line.indexOf(" # ");
                    String sample = exemplar < 0 ? line : line.substring(0, exemplar);
                    total += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }

    public static String scrape() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
        return scrape(URI.create("http://127.0.0.1:" + port + "/q/metrics"));
    }

    private static String scrape(URI uri) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
