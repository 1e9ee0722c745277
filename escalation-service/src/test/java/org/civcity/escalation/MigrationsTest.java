package org.civcity.escalation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ledger's protection is never lifted by a migration: none switches a trigger off or drops one. */
class MigrationsTest {

    @Test
    void noMigrationDisablesOrDropsATrigger() throws IOException {
        List<Path> migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.toString().endsWith(".sql")).toList();
        }
        assertTrue(migrations.size() >= 7, "migrations found: " + migrations);
        for (Path migration : migrations) {
            String sql = Files.readString(migration).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            assertFalse(sql.contains("DISABLE TRIGGER"), migration + " disables a trigger");
            assertFalse(sql.contains("DROP TRIGGER"), migration + " drops a trigger");
            assertFalse(sql.contains("SESSION_REPLICATION_ROLE"), migration + " bypasses triggers");
        }
    }
}
