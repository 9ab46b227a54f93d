package dev.tenantry.portal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseStatisticsTest {

    private final DatabaseStatistics statistics = new DatabaseStatistics();
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        statistics.sample = 0;
        connection = DriverManager.getConnection("jdbc:h2:mem:statistics" + System.nanoTime());
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE plugin_record (id BIGINT PRIMARY KEY, tenant VARCHAR(64), state VARCHAR(16))");
            ddl.execute("CREATE TABLE \"odd\"\"name\" (id BIGINT PRIMARY KEY)");
            ddl.execute("CREATE TABLE settings (id BIGINT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void analyzesEachTableOfSomeSizeOnceAfterStartThenOnlyThoseWhoseSizeMovedByMoreThanATenth() throws SQLException {
        insert("PLUGIN_RECORD", 0, 1_000);
        insert("odd\"name", 0, 60);
        insert("SETTINGS", 0, 3);

        assertEquals(Map.of("PLUGIN_RECORD", 1_000L, "odd\"name", 60L), statistics.analyzeChanged(connection));
        assertEquals(Map.of(), statistics.analyzeChanged(connection), "nothing changed");

        insert("PLUGIN_RECORD", 1_000, 1_100);
        assertEquals(Map.of(), statistics.analyzeChanged(connection), "100 rows is not more than 50 + a tenth");
        insert("PLUGIN_RECORD", 1_100, 1_200);
        assertEquals(Map.of("PLUGIN_RECORD", 1_200L), statistics.analyzeChanged(connection));
    }

    @Test
    void analyzingGivesThePlannerTheColumnsSelectivityOfTheTableAsItIsNow() throws SQLException {
        // First one tenant's thousand rows: every row alike in its tenant (the least selectivity, 1)
        insert("PLUGIN_RECORD", 0, 1_000);
        statistics.analyzeChanged(connection);
        int before = selectivity("TENANT");
        // Then a tenant in each row: sampled, the column tells rows apart almost as well as the key
        try (PreparedStatement row = connection.prepareStatement("INSERT INTO plugin_record VALUES (?, ?, 'active')")) {
            for (int i = 1_000; i < 100_000; i++) {
                row.setLong(1, i);
                row.setString(2, "tenant-" + i);
                row.addBatch();
            }
            row.executeBatch();
        }
        statistics.analyzeChanged(connection);

        assertEquals(1, before);
        assertTrue(selectivity("TENANT") > 90, before + " then " + selectivity("TENANT"));
    }

    @Test
    void everyRowIsReadNotTheFirstOnesWhichSayLittleOfATableHoldingEveryPluginsKinds() throws SQLException {
        // First 30,000 rows of one kind, alike in the field; then 30,000 of another, each its own value
        try (PreparedStatement row = connection.prepareStatement("INSERT INTO plugin_record VALUES (?, ?, ?)")) {
            for (int i = 0; i < 60_000; i++) {
                row.setLong(1, i);
                row.setString(2, "tenant-" + (i % 7));
                row.setString(3, i < 30_000 ? "active" : "s" + i);
                row.addBatch();
            }
            row.executeBatch();
        }
        statistics.sample = 20_000;
        statistics.analyzeChanged(connection);
        int sampled = selectivity("STATE");

        DatabaseStatistics everyRow = new DatabaseStatistics();
        everyRow.sample = 0;
        everyRow.analyzeChanged(connection);

        assertEquals(1, sampled, "the first 20,000 rows are all alike");
        assertTrue(selectivity("STATE") >= 30, "half the rows have a value of their own: " + selectivity("STATE"));
    }

    @Test
    void aTableThatShrankIsAnalyzedToo() {
        assertTrue(DatabaseStatistics.stale(10_000L, 8_000));
        assertFalse(DatabaseStatistics.stale(10_000L, 9_000));
        assertFalse(DatabaseStatistics.stale(null, 49));
        assertTrue(DatabaseStatistics.stale(null, 50));
    }

    private void insert(String table, int from, int to) throws SQLException {
        try (Statement insert = connection.createStatement()) {
            for (int i = from; i < to; i++) {
                insert.addBatch(table.equals("PLUGIN_RECORD")
                        ? "INSERT INTO plugin_record VALUES (" + i + ", 'tenant-0', 'active')"
                        : "INSERT INTO \"" + table.replace("\"", "\"\"") + "\" VALUES (" + i + ")");
            }
            insert.executeBatch();
        }
    }

    private int selectivity(String column) throws SQLException {
        try (Statement query = connection.createStatement(); var result = query.executeQuery(
                "SELECT SELECTIVITY FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'PLUGIN_RECORD' AND COLUMN_NAME = '"
                        + column + "'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
