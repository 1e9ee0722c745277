package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana fits together as Grafana will load it: every panel queries the provisioned datasource, ids and uids
 * are unique, the provider reads the folder docker-compose mounts. (The queries themselves run against a real
 * Prometheus in OperationsIT; no Grafana server is available here.)
 */
class GrafanaProvisioningTest {

    private static final Path GRAFANA = Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath()
            .normalize().resolve("deploy/grafana");

    @Test
    void dashboardsUseTheProvisionedDatasourceAndLoadFromTheMountedFolder() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode datasources = yaml.readTree(GRAFANA.resolve("provisioning/datasources/prometheus.yml").toFile())
                .path("datasources");
        assertEquals(1, datasources.size());
        String uid = datasources.get(0).path("uid").asText();
        assertEquals("prometheus", datasources.get(0).path("type").asText());
        JsonNode provider = yaml.readTree(GRAFANA.resolve("provisioning/dashboards/civcity.yml").toFile())
                .path("providers").get(0);
        String compose = Files.readString(GRAFANA.resolve("../../docker-compose.yml"));
        assertTrue(compose.contains("./deploy/grafana/dashboards:" + provider.path("options").path("path").asText()),
                "docker-compose mounts the dashboards where the provider reads them");

        ObjectMapper json = new ObjectMapper();
        Set<String> uids = new HashSet<>();
        List<Path> files;
        try (var list = Files.list(GRAFANA.resolve("dashboards"))) {
            files = list.sorted().toList();
        }
        assertEquals(List.of("operations.json", "supervision.json"), files.stream().map(f -> f.getFileName()
                .toString()).toList());
        for (Path file : files) {
            JsonNode dashboard = json.readTree(file.toFile());
            assertTrue(uids.add(dashboard.path("uid").asText()), "uid of " + file);
            assertFalse(dashboard.path("title").asText().isBlank(), "title of " + file);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " panel " + panel.path("title").asText();
                assertTrue(ids.add(panel.path("id").asInt()), "id of " + where);
                assertEquals(uid, panel.path("datasource").path("uid").asText(), where);
                assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), where);
                assertFalse(panel.path("targets").isEmpty(), where);
                for (JsonNode target : panel.path("targets")) {
                    assertEquals(uid, target.path("datasource").path("uid").asText(), where);
                    assertFalse(target.path("expr").asText().isBlank(), where);
                }
            }
        }
    }
}
