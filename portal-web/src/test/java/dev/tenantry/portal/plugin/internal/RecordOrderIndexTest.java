package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order a records query asks for is one the database reads from an index and stops after the page, instead of
 * sorting every record of the kind: on the schema the migrations make (H2), with the order {@link JpaPluginRecords}
 * writes, for a text field ascending, a time latest first and no order (latest written first). H2 says so in its
 * plan ({@code index sorted}); without the leading plugin and kind, or against the index's direction, it sorts.
 */
class RecordOrderIndexTest {

    private static final RecordKind USER = RecordKind.of("user").text("name").text("state").time("last-sign-in");
    /** Where the plugin's fields sit, as {@code plugin_record_field} would say. */
    private static final Map<String, String> SLOTS = Map.of("name", "t1", "state", "t2", "last-sign-in", "d1");
    private static final String FROM = "select r.record_key, r.t1, r.d1 from plugin_record r join tenant t on t.id = "
            + "r.tenant_id where r.plugin_id = 'directory' and r.kind = 'user' and t.status = 'ACTIVE' "
            + "and r.t2 = 'active' order by ";

    private Connection connection;

    @BeforeEach
    void migrate() throws SQLException {
        String url = "jdbc:h2:mem:order" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        connection = DriverManager.getConnection(url);
        Flyway.configure(getClass().getClassLoader()).dataSource(url, "", "").locations("classpath:db/migration")
                .load().migrate();
        try (PreparedStatement tenant = connection.prepareStatement("insert into tenant (id, display_name, "
                + "primary_domain, status, added_by, added_at) values (?, ?, ?, 'ACTIVE', 'test', current_timestamp)");
                PreparedStatement record = connection.prepareStatement("insert into plugin_record (plugin_id, "
                        + "tenant_id, kind, record_key, body, updated_at, t1, t2, d1) values (?, ?, ?, ?, '{}', ?, ?, "
                        + "?, ?)")) {
            for (int t = 0; t < 20; t++) {
                tenant.setString(1, "tenant-" + t);
                tenant.setString(2, "Tenant " + t);
                tenant.setString(3, "t" + t + ".example");
                tenant.addBatch();
            }
            tenant.executeBatch();
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 4_000; i++) {
                record.setString(1, i % 4 == 0 ? "other" : "directory");
                record.setString(2, "tenant-" + i % 20);
                record.setString(3, i % 8 == 1 ? "group" : "user");
                record.setString(4, "key-" + i);
                record.setTimestamp(5, Timestamp.from(start.plusSeconds(i * 7L % 3_001)));
                // Every 50th without a name or a sign-in: those come last in both orders
                record.setString(6, i % 50 == 3 ? null : "name " + (i * 37 % 1_000));
                record.setString(7, i % 10 == 0 ? "deleted" : "active");
                record.setTimestamp(8, i % 50 == 3 ? null : Timestamp.from(start.plusSeconds(i * 13L % 5_000)));
                record.addBatch();
            }
            record.executeBatch();
        }
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aTextFieldAscendingATimeLatestFirstAndTheWrittenOrderAreReadFromAnIndex() throws SQLException {
        String byName = order(RecordQuery.of(USER).orderBy("name", false));
        String bySignIn = order(RecordQuery.of(USER).orderBy("last-sign-in", true));
        String byWritten = order(RecordQuery.of(USER));
        assertEquals("r.pluginId, r.kind, r.t1 asc nulls last, r.tenantId, r.key", byName);
        assertEquals("r.pluginId, r.kind, r.d1 desc nulls last, r.tenantId, r.key", bySignIn);
        assertEquals("r.pluginId, r.kind, r.updatedAt desc, r.tenantId, r.key", byWritten);

        for (String order : List.of(byName, bySignIn, byWritten)) {
            String plan = plan(sql(order));
            assertTrue(plan.contains("/* index sorted */"), order + " is read from an index:\n" + plan);
        }
    }

    @Test
    void theIndexedOrderIsTheOrderAskedForWithRecordsWithoutAValueLast() throws SQLException {
        List<String[]> byName = rows(sql(order(RecordQuery.of(USER).orderBy("name", false))));
        List<String[]> bySignIn = rows(sql(order(RecordQuery.of(USER).orderBy("last-sign-in", true))));
        assertEquals(2_300, byName.size(), "the directory plugin's active users of active tenants");
        for (int i = 1; i < byName.size(); i++) {
            assertTrue(inOrder(byName.get(i - 1)[1], byName.get(i)[1], false), "by name at " + i);
            assertTrue(inOrder(bySignIn.get(i - 1)[2], bySignIn.get(i)[2], true), "latest sign-in first at " + i);
        }
        assertEquals(null, byName.get(byName.size() - 1)[1], "no name last");
        assertEquals(null, bySignIn.get(bySignIn.size() - 1)[2], "no sign-in last");
        assertFalse(byName.get(0)[1] == null);
    }

    @Test
    void anOrderAgainstTheIndexIsSortedTheWayH2Says() throws SQLException {
        // What RecordQuery.orderBy documents: the other direction is sorted from every record the conditions leave
        String plan = plan(sql(order(RecordQuery.of(USER).orderBy("name", true))));
        assertFalse(plan.contains("/* index sorted */"), plan);
        // And the order without the plugin and the kind first (what it was before V31) is sorted too
        String unled = plan(FROM + "r.t1 asc nulls last, r.tenant_id, r.record_key offset 0 rows fetch next 25 rows only");
        assertFalse(unled.contains("/* index sorted */"), unled);
    }

    @Test
    void withinOneTenantTheOrderIsNotLedSoTheTenantsRecordsAreFoundByTheKeysIndex() throws SQLException {
        String order = JpaPluginRecords.order(RecordQuery.of(USER).orderBy("last-sign-in", true).orders(), SLOTS,
                false);
        assertEquals("r.d1 desc nulls last, r.tenantId, r.key", order);
        String oneTenant = sql(order).replace(" order by ", " and r.tenant_id in ('tenant-7') order by ");
        String plan = plan(oneTenant);
        // No index gives this order, so H2 picks one by the conditions, the tenant's among them, and sorts what it
        // finds: never a walk of the sign-in's index through every tenant's users
        assertFalse(plan.contains("index sorted"), plan);
        assertTrue(plan.matches("(?s).*/\\* PUBLIC\\.[A-Z_0-9]+: [^*]*TENANT_ID = 'tenant-7'.*"), plan);
        List<String[]> rows = rows(oneTenant);
        assertEquals(200, rows.size(), "tenant-7's active users");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(inOrder(rows.get(i - 1)[2], rows.get(i)[2], true), "latest sign-in first at " + i);
        }
    }

    /** Whether {@code b} may follow {@code a}: no value last, else in the text's order (ISO instants sort as text). */
    private static boolean inOrder(String a, String b, boolean descending) {
        if (a == null || b == null) {
            return b == null;
        }
        return descending ? a.compareTo(b) >= 0 : a.compareTo(b) <= 0;
    }

    private static String order(RecordQuery query) {
        return JpaPluginRecords.order(query.orders(), SLOTS, true);
    }

    /** The JPQL order as Hibernate writes it in SQL, on the page the users table asks for. */
    private static String sql(String jpqlOrder) {
        return FROM + jpqlOrder.replace("r.pluginId", "r.plugin_id").replace("r.tenantId", "r.tenant_id")
                .replace("r.updatedAt", "r.updated_at").replace("r.key", "r.record_key")
                + " offset 0 rows fetch next 25 rows only";
    }

    private String plan(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet plan = statement.executeQuery("EXPLAIN " + sql)) {
            plan.next();
            return plan.getString(1);
        }
    }

    private List<String[]> rows(String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery(sql.replace(" offset 0 rows fetch next 25 rows only", ""))) {
            while (found.next()) {
                Timestamp at = found.getTimestamp(3);
                rows.add(new String[] {found.getString(1), found.getString(2), at == null ? null
                        : at.toInstant().toString()});
            }
        }
        return rows;
    }
}
