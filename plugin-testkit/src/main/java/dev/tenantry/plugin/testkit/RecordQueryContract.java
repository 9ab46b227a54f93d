package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginRecords.Found;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PluginRecords} that answers {@link RecordQuery queries} must do, the host's and
 * {@link MemoryRecords} alike, as JUnit 5 tests to extend: scopes (installation-wide, named tenants, every tenant the
 * plugin works in, the tenants the person may see, and of those the tenants carrying a tag), each condition, the
 * order with records without a value last and ties broken by tenant and key, pages that never overlap, exact counts,
 * counts by value, and the fields, types and sizes refused.
 *
 * <pre>{@code
 * class MemoryRecordsQueryTest extends RecordQueryContract {
 *     @Override
 *     protected Fixture fixture(Set<String> worksIn, Map<String, Set<String>> permissionToTenants) {
 *         return taggedFixture(worksIn.stream().collect(Collectors.toMap(id -> id, id -> Set.of())),
 *                 permissionToTenants);
 *     }
 *
 *     @Override
 *     protected Fixture taggedFixture(Map<String, Set<String>> tagsOfTenants,
 *             Map<String, Set<String>> permissionToTenants) {
 *         MemoryTenants tenants = new MemoryTenants();
 *         tagsOfTenants.forEach((id, tags) -> tenants.add(new PluginTenants.Tenant(id, "Tenant " + id,
 *                 id + ".example", tags)));
 *         MemoryPortalUser person = permissionToTenants == null ? null
 *                 : new MemoryPortalUser("adele.vance@northwind-msp.example", "Adele Vance");
 *         if (person != null) {
 *             permissionToTenants.forEach((permission, ids) -> ids.forEach(id -> person.holding(permission, id)));
 *         }
 *         MemoryRecords records = new MemoryRecords().seenThrough(tenants, person);
 *         return () -> records;
 *     }
 * }
 * }</pre>
 *
 * Each test arranges its own data: kinds named for this run and this test, tenants with fresh random ids (UUIDs), so the
 * tests pass in any order and beside whatever else a shared database holds; a test may write in tenants the plugin
 * does not work in (that the query must leave out), so writes must be accepted for any tenant id. Of write times they
 * assume only that a record written later is newer (they pause a few milliseconds where they need distinct times).
 */
public abstract class RecordQueryContract {

    /** Set apart from earlier runs against the same database, whose kinds may have had other fields. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private static final AtomicInteger KINDS = new AtomicInteger();
    private static final int PAGE = PluginRecords.PAGE;
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    /** One plugin's records in the implementation under test. */
    @FunctionalInterface
    public interface Fixture {

        /**
         * The plugin's records, every call made as the plugin's code makes it: within the request of the fixture's
         * person, or outside any person's request when it has none. The same store at each call.
         */
        PluginRecords records();
    }

    /**
     * The records of a plugin (a fresh one, or one whose records no other test reads: the tests use kinds of their
     * own) that works in exactly the tenants {@code worksIn}. When {@code permissionToTenants} is not null, calls are
     * made in the request of a person who holds each permission (a key, named by {@link #permission}) in the tenants
     * it maps to and nowhere else (no permission held for all tenants; an empty map: a person who holds nothing).
     * When it is null there is no person, as in a job: a {@link RecordQuery#visibleWith} query must throw
     * {@link IllegalStateException}. Called once by each test, before it writes; the tenants need not exist
     * beforehand, and records are also written in tenants outside {@code worksIn}.
     */
    protected abstract Fixture fixture(Set<String> worksIn, Map<String, Set<String>> permissionToTenants);

    /**
     * As {@link #fixture}, the plugin working in exactly the tenants {@code tagsOfTenants} names, each carrying the
     * tags it maps to (lower case, as the portal keeps them; maybe none), for the cases of
     * {@link RecordQuery#taggedWith}.
     * The default fails, naming this hook: an implementation that answers queries answers tagged ones too.
     *
     * @since 1.8.0
     */
    protected Fixture taggedFixture(Map<String, Set<String>> tagsOfTenants,
            Map<String, Set<String>> permissionToTenants) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot give tenants tags: override "
                + "taggedFixture(tagsOfTenants, permissionToTenants) to hold queries by tag to the contract "
                + "(plugin-testkit 1.8.0)");
    }

    /**
     * The portal permission a test names for {@code verb} ("view", "other"); override when the implementation takes
     * only the plugin's own ({@code <plugin-id>:<verb>}).
     */
    protected String permission(String verb) {
        return "records-contract:" + verb;
    }

    @Test
    public void installationWideRecordsNeverMixWithTenantOnes() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of(permission("view"), Set.of(a))).records();
        RecordKind kind = incidents();
        records.put(null, kind, "same-key", "{\"where\":\"installation\"}", Map.of("state", "OPEN"));
        records.put(a, kind, "same-key", "{\"where\":\"tenant\"}", Map.of("state", "OPEN"));
        records.put(null, kind, "installation-only", "{}", Map.of("state", "OPEN"));

        List<Found> installation = records.query(RecordQuery.of(kind).installationWide().equal("state", "OPEN"), 0,
                PAGE);

        assertEquals(Set.of("same-key", "installation-only"), keys(installation));
        assertTrue(installation.stream().allMatch(found -> found.tenantId() == null), "an installation-wide record "
                + "has no tenant");
        assertEquals("{\"where\":\"installation\"}", installation.stream()
                .filter(found -> found.key().equals("same-key")).findFirst().orElseThrow().json());
        assertEquals(2, records.count(RecordQuery.of(kind).installationWide()));
        assertEquals(Map.of("OPEN", 2L), records.countBy(RecordQuery.of(kind).installationWide(), "state"));
        for (RecordQuery inTenants : List.of(RecordQuery.of(kind), RecordQuery.of(kind).allTenants(),
                RecordQuery.of(kind).inTenant(a), RecordQuery.of(kind).visibleWith(permission("view")))) {
            List<Found> found = records.query(inTenants, 0, PAGE);
            assertEquals(List.of(a + "/same-key"), places(found), inTenants.toString());
            assertEquals("{\"where\":\"tenant\"}", found.get(0).json());
            assertEquals(1, records.count(inTenants), inTenants.toString());
            assertEquals(Map.of("OPEN", 1L), records.countBy(inTenants, "state"), inTenants.toString());
        }
    }

    @Test
    public void everyTenantMeansEveryTenantThePluginWorksInAndNoOther() {
        String a = tenant();
        String b = tenant();
        String elsewhere = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind kind = incidents();
        for (String tenant : List.of(a, b, elsewhere)) {
            records.put(tenant, kind, "i1", "{}", Map.of("state", "OPEN"));
        }

        RecordQuery all = RecordQuery.of(kind).allTenants();

        assertEquals(Set.of(a + "/i1", b + "/i1"), Set.copyOf(places(records.query(all, 0, PAGE))));
        assertEquals(2, records.count(all));
        assertEquals(Map.of("OPEN", 2L), records.countBy(all, "state"));
    }

    @Test
    public void namedTenantsAreReadOnlyWhereThePluginWorks() {
        String a = tenant();
        String b = tenant();
        String elsewhere = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind kind = incidents();
        for (String tenant : List.of(a, b, elsewhere)) {
            records.put(tenant, kind, "i1", "{}", Map.of("state", "OPEN"));
        }

        assertEquals(List.of(a + "/i1"), places(records.query(RecordQuery.of(kind).inTenants(List.of(a, elsewhere)),
                0, PAGE)), "a named tenant the plugin does not work in is left out");
        assertEquals(1, records.count(RecordQuery.of(kind).inTenants(List.of(a, elsewhere))));
        assertEquals(List.of(b + "/i1"), places(records.query(RecordQuery.of(kind).inTenant(b), 0, PAGE)));
        assertEquals(List.of(), records.query(RecordQuery.of(kind).inTenants(List.of()), 0, PAGE),
                "no tenant named, no record");
        assertEquals(0, records.count(RecordQuery.of(kind).inTenants(List.of())));
        assertEquals(Map.of(), records.countBy(RecordQuery.of(kind).inTenants(List.of()), "state"));
    }

    @Test
    public void visibleRecordsAreThoseOfTenantsThePluginWorksInWhereThePersonHoldsThePermission() {
        String a = tenant();
        String b = tenant();
        String otherPermissionOnly = tenant();
        String nothingHeld = tenant();
        String pluginOff = tenant();
        PluginRecords records = fixture(Set.of(a, b, otherPermissionOnly, nothingHeld), Map.of(
                permission("view"), Set.of(a, b, pluginOff),
                permission("other"), Set.of(otherPermissionOnly))).records();
        RecordKind kind = incidents();
        for (String tenant : List.of(a, b, otherPermissionOnly, nothingHeld, pluginOff)) {
            records.put(tenant, kind, "i1", "{}", Map.of("state", "OPEN"));
        }
        records.put(null, kind, "i1", "{}", Map.of("state", "OPEN"));

        RecordQuery visible = RecordQuery.of(kind).visibleWith(permission("view"));

        assertEquals(Set.of(a + "/i1", b + "/i1"), Set.copyOf(places(records.query(visible, 0, PAGE))),
                "neither where the person holds another permission or none, nor where the plugin does not work");
        assertEquals(2, records.count(visible));
        assertEquals(Map.of("OPEN", 2L), records.countBy(visible, "state"));
        assertEquals(List.of(otherPermissionOnly + "/i1"), places(records.query(RecordQuery.of(kind)
                .visibleWith(permission("other")), 0, PAGE)));
    }

    @Test
    public void aTaggedQueryReadsOnlyTheTenantsCarryingExactlyThatTagWithinWhateverItsScopeReaches() {
        String managed = tenant();
        String managedUnseen = tenant();
        String pilot = tenant();
        String nearMisses = tenant();
        String untagged = tenant();
        String elsewhere = tenant();
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        tags.put(managed, Set.of("managed", "pilot"));
        tags.put(managedUnseen, Set.of("managed"));
        tags.put(pilot, Set.of("pilot"));
        tags.put(nearMisses, Set.of("managed-eu", "pilots", "unmanaged"));
        tags.put(untagged, Set.of());
        PluginRecords records = taggedFixture(tags, Map.of(permission("view"),
                Set.of(managed, pilot, nearMisses, untagged, elsewhere))).records();
        RecordKind kind = incidents();
        for (String tenant : List.of(managed, managedUnseen, pilot, nearMisses, untagged, elsewhere)) {
            records.put(tenant, kind, "open", "{}", Map.of("state", "OPEN"));
            records.put(tenant, kind, "closed", "{}", Map.of("state", "CLOSED"));
        }
        records.put(null, kind, "open", "{}", Map.of("state", "OPEN"));

        RecordQuery allManaged = RecordQuery.of(kind).taggedWith("managed");
        assertEquals(Set.of(managed + "/open", managed + "/closed", managedUnseen + "/open",
                managedUnseen + "/closed"), Set.copyOf(places(records.query(allManaged, 0, PAGE))),
                "every tenant the plugin works in carrying the tag, none carrying a tag that contains it");
        assertEquals(4, records.count(allManaged));
        assertEquals(Map.of("CLOSED", 2L, "OPEN", 2L), records.countBy(allManaged, "state"));

        RecordQuery seenOpen = RecordQuery.of(kind).taggedWith(" Managed ").visibleWith(permission("view"))
                .equal("state", "OPEN");
        assertEquals(List.of(managed + "/open"), places(records.query(seenOpen, 0, PAGE)),
                "only where the person may see, whichever was asked first, the tag as the portal keeps it");
        assertEquals(1, records.count(seenOpen));
        assertEquals(Map.of("OPEN", 1L), records.countBy(seenOpen, "state"));

        RecordQuery named = RecordQuery.of(kind).inTenants(List.of(managed, managedUnseen, nearMisses, elsewhere))
                .taggedWith("pilot");
        assertEquals(Set.of(managed + "/open", managed + "/closed"), Set.copyOf(places(records.query(named, 0,
                PAGE))), "of the tenants named, those carrying it");
        assertEquals(2, records.count(named));

        for (String carriedByNone : List.of("manage", "eu", "pilot-eu", "nobody")) {
            RecordQuery none = RecordQuery.of(kind).taggedWith(carriedByNone);
            assertEquals(List.of(), records.query(none, 0, PAGE), carriedByNone);
            assertEquals(0, records.count(none), carriedByNone);
            assertEquals(Map.of(), records.countBy(none, "state"), carriedByNone);
        }
        RecordQuery installation = RecordQuery.of(kind).installationWide().taggedWith("managed");
        assertEquals(List.of(), records.query(installation, 0, PAGE), "installation-wide records have no tenant");
        assertEquals(0, records.count(installation));
        assertEquals(Map.of(), records.countBy(installation, "state"));
        assertEquals(10, records.count(RecordQuery.of(kind).taggedWith("managed").taggedWith(" ")),
                "blank: every tenant the plugin works in");
    }

    @Test
    public void aVisibleQueryOutsideAPersonsRequestIsRefused() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), null).records();
        RecordKind kind = incidents();
        records.put(a, kind, "i1", "{}", Map.of("state", "OPEN"));
        RecordQuery visible = RecordQuery.of(kind).visibleWith(permission("view"));

        assertThrows(IllegalStateException.class, () -> records.query(visible, 0, PAGE));
        assertThrows(IllegalStateException.class, () -> records.count(visible));
        assertThrows(IllegalStateException.class, () -> records.countBy(visible, "state"));
        assertEquals(1, records.count(RecordQuery.of(kind).allTenants()), "work for the installation reads all");
    }

    @Test
    public void equalComparesExactlyAndNotEqualLeavesOutRecordsWithoutAValue() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "upper", "{}", Map.of("state", "OPEN", "severity", 3, "muted", true));
        records.put(a, kind, "lower", "{}", Map.of("state", "open", "severity", 1, "muted", false));
        records.put(a, kind, "closed", "{}", Map.of("state", "CLOSED", "severity", 3L));
        records.put(a, kind, "none", "{}", Map.of());
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(Set.of("upper"), keys(records.query(all.equal("state", "OPEN"), 0, PAGE)), "case counts");
        assertEquals(Set.of("lower", "closed"), keys(records.query(all.notEqual("state", "OPEN"), 0, PAGE)),
                "a record without a value is not 'not equal' (as in SQL)");
        assertEquals(2, records.count(all.notEqual("state", "OPEN")));
        assertEquals(Set.of("upper", "closed"), keys(records.query(all.equal("severity", 3), 0, PAGE)));
        assertEquals(Set.of("lower"), keys(records.query(all.notEqual("severity", 3), 0, PAGE)));
        assertEquals(Set.of("upper"), keys(records.query(all.equal("muted", true), 0, PAGE)), "a flag is 1");
        assertEquals(Set.of("upper"), keys(records.query(all.equal("muted", 1), 0, PAGE)));
        assertEquals(Set.of("lower"), keys(records.query(all.notEqual("muted", 1), 0, PAGE)));
        assertEquals(Set.of("closed"), keys(records.query(all.equal("state", "CLOSED").equal("severity", 3), 0,
                PAGE)), "conditions all hold");
    }

    @Test
    public void inMatchesAnyOfItsValues() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "open", "{}", Map.of("state", "OPEN", "severity", 1));
        records.put(a, kind, "acknowledged", "{}", Map.of("state", "ACKNOWLEDGED", "severity", 2));
        records.put(a, kind, "closed", "{}", Map.of("state", "CLOSED", "severity", 3));
        records.put(a, kind, "none", "{}", Map.of());
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(Set.of("open", "closed"), keys(records.query(all.in("state", List.of("OPEN", "CLOSED")), 0,
                PAGE)));
        assertEquals(Set.of("acknowledged", "closed"), keys(records.query(all.in("severity", List.of(2, 3L, 7)), 0,
                PAGE)));
        assertEquals(Set.of(), keys(records.query(all.in("state", List.of("open", "NEW")), 0, PAGE)));
        assertEquals(2, records.count(all.in("severity", List.of(1, 3))));
    }

    @Test
    public void atLeastAndBelowCompareNumbersTimesAndTextInCodePointOrder() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = newKind().text("name").number("n").time("at");
        records.put(a, kind, "r1", "{}", Map.of("n", -5, "at", T0, "name", "B"));
        records.put(a, kind, "r2", "{}", Map.of("n", 0, "at", T0.plus(Duration.ofHours(1)), "name", "a"));
        records.put(a, kind, "r3", "{}", Map.of("n", 2, "at", T0.plus(Duration.ofHours(2)), "name", "Z"));
        records.put(a, kind, "r4", "{}", Map.of("n", 10, "at", T0.plus(Duration.ofHours(3)), "name", "\u00e9"));
        records.put(a, kind, "r5", "{}", Map.of("n", 5_000_000_000L, "at", T0.plus(Duration.ofDays(400)),
                "name", "ab"));
        records.put(a, kind, "r6", "{}", Map.of());
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(Set.of("r3", "r4", "r5"), keys(records.query(all.atLeast("n", 2), 0, PAGE)),
                "numbers as numbers (10 is more than 2), beyond int");
        assertEquals(Set.of("r1", "r2"), keys(records.query(all.below("n", 2), 0, PAGE)));
        assertEquals(Set.of("r2", "r3"), keys(records.query(all.atLeast("n", 0).below("n", 10), 0, PAGE)));
        assertEquals(Set.of("r3", "r4", "r5"), keys(records.query(all.atLeast("at", T0.plus(Duration.ofHours(2))),
                0, PAGE)));
        assertEquals(Set.of("r1", "r2"), keys(records.query(all.below("at", T0.plus(Duration.ofHours(2))), 0,
                PAGE)));
        assertEquals(Set.of("r2", "r4", "r5"), keys(records.query(all.atLeast("name", "a"), 0, PAGE)),
                "upper case comes before lower case, and \u00e9 after z");
        assertEquals(Set.of("r1", "r3"), keys(records.query(all.below("name", "a"), 0, PAGE)));
        assertEquals(Set.of("r4", "r5"), keys(records.query(all.atLeast("name", "ab"), 0, PAGE)));
        assertEquals(List.of("r1", "r3", "r2", "r5", "r4", "r6"), order(records.query(all.orderBy("name", false), 0,
                PAGE)), "text in code-point order, as with a binary collation");
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6"), order(records.query(all.orderBy("n", false), 0,
                PAGE)));
        assertEquals(List.of("r5", "r4", "r3", "r2", "r1", "r6"), order(records.query(all.orderBy("at", true), 0,
                PAGE)));
    }

    @Test
    public void containsFindsTextWhateverItsCaseAndTakesEveryCharacterLiterally() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "adele", "{}", Map.of("user", "Adele.Vance@Contoso.example"));
        records.put(a, kind, "megan", "{}", Map.of("user", "megan@fabrikam.example"));
        records.put(a, kind, "percent", "{}", Map.of("user", "100% sure_thing"));
        records.put(a, kind, "dash", "{}", Map.of("user", "1000 sure-thing"));
        records.put(a, kind, "none", "{}", Map.of());
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(Set.of("adele"), keys(records.query(all.contains("user", "contoso"), 0, PAGE)));
        assertEquals(Set.of("adele"), keys(records.query(all.contains("user", "  VANCE@contoso "), 0, PAGE)));
        assertEquals(Set.of("adele", "megan"), keys(records.query(all.contains("user", "EXAMPLE"), 0, PAGE)));
        assertEquals(Set.of("percent"), keys(records.query(all.contains("user", "100%"), 0, PAGE)),
                "% is a character, not a wildcard");
        assertEquals(Set.of("percent"), keys(records.query(all.contains("user", "e_t"), 0, PAGE)),
                "_ is a character, not a wildcard");
        assertEquals(Set.of(), keys(records.query(all.contains("user", "contoso.example.org"), 0, PAGE)));
        assertEquals(5, records.count(all.contains("user", " ")), "blank text is no condition");
    }

    @Test
    public void putAllStoresAndReplacesRecordsWithTheirFieldsAllOrNone() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "kept", "{\"v\":0}", Map.of("state", "OPEN", "severity", 1));
        records.putAll(a, kind, List.of(new PluginRecords.Put("kept", "{\"v\":1}", Map.of("state", "CLOSED")),
                new PluginRecords.Put("new", "{\"v\":2}", Map.of("state", "OPEN", "severity", 3))));

        RecordQuery all = RecordQuery.of(kind).inTenant(a);
        assertEquals(Set.of("new"), keys(records.query(all.equal("state", "OPEN"), 0, PAGE)));
        assertEquals(Set.of("kept"), keys(records.query(all.absent("severity"), 0, PAGE)),
                "a replaced record holds only the fields given now");
        assertEquals("{\"v\":1}", records.get(a, kind.name(), "kept").orElseThrow());

        List<PluginRecords.Put> badOne = List.of(new PluginRecords.Put("third", "{}", Map.of("state", "OPEN")),
                new PluginRecords.Put("fourth", "{}", Map.of("severity", "high")));
        assertThrows(IllegalArgumentException.class, () -> records.putAll(a, kind, badOne));
        assertThrows(IllegalArgumentException.class, () -> records.putAll(a, kind, List.of(
                new PluginRecords.Put("twice", "{}", Map.of()), new PluginRecords.Put("twice", "{}", Map.of()))));
        assertEquals(2, records.count(all), "nothing of a refused putAll was written");
        records.putAll(a, kind, List.of());
        assertEquals(2, records.count(all));
    }

    @Test
    public void putAllLeavesARecordGivenAsItIsStoredUnwritten() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        List<PluginRecords.Put> page = List.of(new PluginRecords.Put("same", "{\"v\":1}", Map.of("state", "OPEN",
                "severity", 2)), new PluginRecords.Put("other", "{\"v\":1}", Map.of("state", "OPEN")));
        records.putAll(a, kind, page);
        long same = records.getVersioned(a, kind.name(), "same").orElseThrow().version();
        long other = records.getVersioned(a, kind.name(), "other").orElseThrow().version();

        records.putAll(a, kind, List.of(page.get(0), new PluginRecords.Put("other", "{\"v\":1}",
                Map.of("state", "CLOSED"))));

        assertEquals(same, records.getVersioned(a, kind.name(), "same").orElseThrow().version(),
                "the same JSON and fields again: not written");
        assertEquals(other + 1, records.getVersioned(a, kind.name(), "other").orElseThrow().version(),
                "another field value is a change, though the JSON is the same");
        assertEquals(Set.of("other"), keys(records.query(RecordQuery.of(kind).inTenant(a).equal("state", "CLOSED"),
                0, PAGE)));
    }

    @Test
    public void startsWithComparesAsWrittenAndTakesEveryCharacterLiterally() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "adele", "{}", Map.of("user", "adele.vance@contoso.example"));
        records.put(a, kind, "adam", "{}", Map.of("user", "adam@contoso.example"));
        records.put(a, kind, "upper", "{}", Map.of("user", "Adele@fabrikam.example"));
        records.put(a, kind, "percent", "{}", Map.of("user", "ad%min"));
        records.put(a, kind, "underscore", "{}", Map.of("user", "ad_min"));
        records.put(a, kind, "last", "{}", Map.of("user", "ad\uffff"));
        records.put(a, kind, "none", "{}", Map.of());
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(Set.of("adele", "adam", "percent", "underscore", "last"),
                keys(records.query(all.startsWith("user", "ad"), 0, PAGE)));
        assertEquals(Set.of("adele"), keys(records.query(all.startsWith("user", "adele"), 0, PAGE)),
                "compared as written: Adele@ does not start with adele");
        assertEquals(Set.of("upper"), keys(records.query(all.startsWith("user", "Ad"), 0, PAGE)));
        assertEquals(Set.of("percent"), keys(records.query(all.startsWith("user", "ad%"), 0, PAGE)),
                "% is a character, not a wildcard");
        assertEquals(Set.of("underscore"), keys(records.query(all.startsWith("user", "ad_"), 0, PAGE)),
                "_ is a character, not a wildcard");
        assertEquals(Set.of("last"), keys(records.query(all.startsWith("user", "ad\uffff"), 0, PAGE)),
                "a prefix ending in the highest character has no upper bound");
        assertEquals(Set.of(), keys(records.query(all.startsWith("user", "adele.vance@contoso.example.org"), 0,
                PAGE)));
        assertEquals(1, records.count(all.startsWith("user", "adam@")));
        assertEquals(7, records.count(all.startsWith("user", "")), "an empty prefix is no condition");
    }

    @Test
    public void absentFindsRecordsWithoutAValueHoweverTheyCameToHaveNone() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind before = newKind().text("state");
        RecordKind after = RecordKind.of(before.name()).text("state").number("severity");
        records.put(a, before, "before-the-field", "{}", Map.of("state", "OPEN"));
        records.put(a, after, "with-value", "{}", Map.of("state", "OPEN", "severity", 2));
        records.put(a, after, "left-out", "{}", Map.of("state", "OPEN"));
        records.put(a, after, "given-null", "{}", values("state", "OPEN", "severity", null));
        records.put(a, after, "written-plain", "{}", Map.of("state", "OPEN", "severity", 5));
        records.put(a, after.name(), "written-plain", "{}");
        RecordQuery all = RecordQuery.of(after).inTenant(a);

        assertEquals(Set.of("before-the-field", "left-out", "given-null", "written-plain"),
                keys(records.query(all.absent("severity"), 0, PAGE)));
        assertEquals(Set.of("written-plain"), keys(records.query(all.absent("state"), 0, PAGE)),
                "a record written without fields has no values, whatever it had before");
        assertEquals(Set.of("before-the-field", "with-value", "left-out", "given-null"),
                keys(records.query(all.equal("state", "OPEN"), 0, PAGE)));
        assertEquals(4, records.count(all.absent("severity")));
        assertEquals(5, records.count(RecordQuery.of(before).inTenant(a)), "a kind is its name, whatever its fields");
    }

    @Test
    public void theNewestComeFirstWhenNoOrderIsGiven() {
        String a = tenant();
        String b = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "first", "{}", Map.of());
        later();
        records.put(b, kind, "second", "{}", Map.of());
        later();
        records.put(a, kind, "third", "{}", Map.of());

        List<Found> newest = records.query(RecordQuery.of(kind), 0, PAGE);

        assertEquals(List.of("third", "second", "first"), order(newest));
        assertTrue(newest.get(0).updatedAt().isAfter(newest.get(1).updatedAt()));
        assertTrue(newest.get(1).updatedAt().isAfter(newest.get(2).updatedAt()));
        later();
        records.put(a, kind, "first", "{\"again\":true}", Map.of());
        assertEquals(List.of("first", "third", "second"), order(records.query(RecordQuery.of(kind), 0, PAGE)),
                "written again, it is the newest");
    }

    @Test
    public void updatedAtFiltersAndOrdersByWhenARecordWasLastWritten() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "first", "{}", Map.of("state", "OPEN"));
        later();
        records.put(a, kind, "second", "{}", Map.of("state", "OPEN"));
        later();
        records.put(a, kind, "third", "{}", Map.of("state", "OPEN"));
        RecordQuery all = RecordQuery.of(kind).inTenant(a);
        Instant second = records.query(all.equal("state", "OPEN"), 1, 1).get(0).updatedAt();

        assertEquals(List.of("first", "second", "third"), order(records.query(all.orderBy(RecordKind.UPDATED_AT,
                false), 0, PAGE)));
        assertEquals(List.of("third", "second", "first"), order(records.query(all.orderBy(RecordKind.UPDATED_AT,
                true), 0, PAGE)));
        assertEquals(Set.of("second", "third"), keys(records.query(all.atLeast(RecordKind.UPDATED_AT, second), 0,
                PAGE)));
        assertEquals(Set.of("first"), keys(records.query(all.below(RecordKind.UPDATED_AT, second), 0, PAGE)));
        assertEquals(1, records.count(all.below(RecordKind.UPDATED_AT, second)));
    }

    @Test
    public void recordsWithoutAValueComeLastInEitherDirection() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "s1", "{}", Map.of("severity", 1, "state", "b", "seen", T0));
        records.put(a, kind, "none-b", "{}", Map.of());
        records.put(a, kind, "s3", "{}", Map.of("severity", 3, "state", "c", "seen", T0.plusSeconds(2)));
        records.put(a, kind, "none-a", "{}", Map.of());
        records.put(a, kind, "s2", "{}", Map.of("severity", 2, "state", "a", "seen", T0.plusSeconds(1)));
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        assertEquals(List.of("s1", "s2", "s3", "none-a", "none-b"), order(records.query(all.orderBy("severity",
                false), 0, PAGE)));
        assertEquals(List.of("s3", "s2", "s1", "none-a", "none-b"), order(records.query(all.orderBy("severity",
                true), 0, PAGE)));
        assertEquals(List.of("s2", "s1", "s3", "none-a", "none-b"), order(records.query(all.orderBy("state",
                false), 0, PAGE)));
        assertEquals(List.of("s3", "s1", "s2", "none-a", "none-b"), order(records.query(all.orderBy("state",
                true), 0, PAGE)));
        assertEquals(List.of("s3", "s2", "s1", "none-a", "none-b"), order(records.query(all.orderBy("seen",
                true), 0, PAGE)));
        assertEquals(List.of("s1", "s2", "s3", "none-a", "none-b"), order(records.query(all.orderBy("seen",
                false), 0, PAGE)));
    }

    @Test
    public void ordersByEachKeyInTurnThenByTenantThenKey() {
        String one = tenant();
        String two = tenant();
        String low = one.compareTo(two) < 0 ? one : two;
        String high = low.equals(one) ? two : one;
        PluginRecords records = fixture(Set.of(low, high), Map.of()).records();
        RecordKind kind = incidents();
        records.put(high, kind, "k1", "{}", Map.of("state", "A", "severity", 1));
        records.put(low, kind, "k2", "{}", Map.of("state", "A", "severity", 1));
        records.put(low, kind, "k1", "{}", Map.of("state", "A", "severity", 1));
        records.put(low, kind, "k3", "{}", Map.of("state", "A", "severity", 5));
        records.put(high, kind, "k0", "{}", Map.of("state", "B", "severity", 9));
        RecordQuery all = RecordQuery.of(kind).allTenants();

        assertEquals(List.of(low + "/k3", low + "/k1", low + "/k2", high + "/k1", high + "/k0"),
                places(records.query(all.orderBy("state", false).orderBy("severity", true), 0, PAGE)));
        assertEquals(List.of(high + "/k0", low + "/k3", low + "/k1", low + "/k2", high + "/k1"),
                places(records.query(all.orderBy("state", true).orderBy("severity", true), 0, PAGE)));
        assertEquals(List.of(low + "/k1", low + "/k2", high + "/k1", low + "/k3", high + "/k0"),
                places(records.query(all.orderBy("severity", false), 0, PAGE)),
                "ties by tenant then key, ascending whatever the direction asked");
        assertEquals(List.of(high + "/k0", low + "/k3", low + "/k1", low + "/k2", high + "/k1"),
                places(records.query(all.orderBy("severity", true), 0, PAGE)));
    }

    @Test
    public void pagesNeverOverlapAndTogetherHoldEveryRecordOnce() {
        List<String> tenants = List.of(tenant(), tenant(), tenant());
        PluginRecords records = fixture(Set.copyOf(tenants), Map.of()).records();
        RecordKind kind = incidents();
        for (int i = 0; i < 30; i++) {
            records.put(tenants.get(i % 3), kind, "k" + (i % 10), "{\"i\":" + i + "}",
                    i % 7 == 0 ? Map.of() : Map.of("severity", i % 2, "state", i % 4 == 0 ? "OPEN" : "CLOSED"));
        }
        RecordQuery all = RecordQuery.of(kind).allTenants();

        for (RecordQuery query : List.of(all, all.orderBy("severity", false), all.orderBy("severity", true),
                all.orderBy("state", true).orderBy("severity", false), all.notEqual("severity", 1)
                        .orderBy("severity", true))) {
            List<String> whole = places(records.query(query, 0, PAGE));
            List<String> paged = new ArrayList<>();
            for (int first = 0; first < whole.size() + 7; first += 7) {
                List<Found> page = records.query(query, first, 7);
                assertEquals(Math.max(0, Math.min(7, whole.size() - first)), page.size(), query.toString());
                paged.addAll(places(page));
            }
            assertEquals(whole, paged, query.toString());
            assertEquals(whole.size(), new HashSet<>(paged).size(), "no record on two pages: " + query);
            assertEquals(whole.size(), records.count(query), query.toString());
        }
        assertEquals(30, records.count(all));
    }

    @Test
    public void countsAreExactBeyondAPage() {
        String a = tenant();
        String b = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind kind = incidents();
        int total = PAGE + 20;
        for (int i = 0; i < total; i++) {
            records.put(i % 2 == 0 ? a : b, kind, "k" + i, "{}", Map.of("severity", i % 4));
        }
        RecordQuery all = RecordQuery.of(kind).allTenants();

        assertEquals(total, records.count(all));
        assertEquals(total / 4 * 3, records.count(all.atLeast("severity", 1)));
        assertEquals(total / 2, records.count(all.inTenant(a)));
        assertEquals(PAGE, records.query(all, 0, PAGE).size());
        assertEquals(20, records.query(all, PAGE, PAGE).size());
        assertEquals(values(0L, (long) total / 4, 1L, (long) total / 4, 2L, (long) total / 4, 3L, (long) total / 4),
                records.countBy(all, "severity"));
    }

    @Test
    public void aCountStopsWhereItIsToldAndIsExactBelow() {
        String a = tenant();
        String b = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind kind = incidents();
        for (int i = 0; i < 30; i++) {
            records.put(i % 2 == 0 ? a : b, kind, "k" + i, "{}", Map.of("severity", i % 3));
        }
        RecordQuery all = RecordQuery.of(kind).allTenants();

        assertEquals(11, records.count(all, 11), "at least 11");
        assertEquals(30, records.count(all, 31), "all of them, fewer than the limit");
        assertEquals(30, records.count(all, 30));
        assertEquals(10, records.count(all.equal("severity", 1), 1_000));
        assertEquals(1, records.count(all.inTenant(b), 1));
        assertEquals(0, records.count(all.equal("severity", 7), 5));
        assertThrows(IllegalArgumentException.class, () -> records.count(all, 0));
    }

    @Test
    public void countByCountsEachValueInTheFieldsOrderAndLeavesOutRecordsWithoutOne() {
        String a = tenant();
        String elsewhere = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        records.put(a, kind, "k1", "{}", Map.of("severity", 3, "state", "b", "seen", T0.plusSeconds(60)));
        records.put(a, kind, "k2", "{}", Map.of("severity", 10, "state", "B", "seen", T0));
        records.put(a, kind, "k3", "{}", Map.of("severity", 3, "state", "a", "seen", T0));
        records.put(a, kind, "k4", "{}", Map.of());
        records.put(a, kind, "k5", "{}", Map.of("severity", 2, "state", "a"));
        records.put(elsewhere, kind, "k6", "{}", Map.of("severity", 2, "state", "a", "seen", T0));
        RecordQuery all = RecordQuery.of(kind).allTenants();

        Map<Object, Long> bySeverity = records.countBy(all, "severity");
        Map<Object, Long> byState = records.countBy(all, "state");
        Map<Object, Long> bySeen = records.countBy(all, "seen");

        assertEquals(values(2L, 1L, 3L, 2L, 10L, 1L), bySeverity);
        assertEquals(List.of(2L, 3L, 10L), List.copyOf(bySeverity.keySet()), "numbers in numeric order");
        assertEquals(values("B", 1L, "a", 2L, "b", 1L), byState);
        assertEquals(List.of("B", "a", "b"), List.copyOf(byState.keySet()), "text in code-point order");
        assertEquals(List.of(T0, T0.plusSeconds(60)), List.copyOf(bySeen.keySet()));
        assertEquals(List.of(2L, 1L), List.copyOf(bySeen.values()));
        assertEquals(values(2L, 1L, 3L, 1L), records.countBy(all.equal("state", "a"), "severity"),
                "within the query's conditions");
        assertEquals(Map.of(), records.countBy(all.equal("state", "none"), "severity"));
        assertThrows(IllegalArgumentException.class, () -> records.countBy(all, "colour"));
    }

    @Test
    public void aFieldIsNeverGivenAnotherType() {
        String a = tenant();
        String b = tenant();
        PluginRecords records = fixture(Set.of(a, b), Map.of()).records();
        RecordKind numbered = newKind().number("severity");
        RecordKind retyped = RecordKind.of(numbered.name()).text("severity");
        RecordKind grown = RecordKind.of(numbered.name()).number("severity").text("state");
        records.put(a, numbered, "k1", "{\"v\":1}", Map.of("severity", 2));

        assertThrows(IllegalArgumentException.class, () -> records.put(a, retyped, "k1", "{\"v\":2}",
                Map.of("severity", "high")));
        assertThrows(IllegalArgumentException.class, () -> records.put(a, retyped, "k2", "{\"v\":2}",
                Map.of("severity", "high")), "a new record of the kind too");
        assertThrows(IllegalArgumentException.class, () -> records.put(b, retyped, "k1", "{\"v\":2}",
                Map.of("severity", "high")), "in another tenant too: the types are the plugin's");
        assertThrows(IllegalArgumentException.class, () -> records.put(null, retyped, "k1", "{\"v\":2}",
                Map.of("severity", "high")), "installation-wide too");
        assertThrows(IllegalArgumentException.class, () -> records.replace(a, retyped, "k1", "{\"v\":2}",
                Map.of("severity", "high"), 1));
        assertEquals(Optional.of("{\"v\":1}"), records.get(a, numbered.name(), "k1"), "nothing was written");
        assertEquals(Optional.empty(), records.get(a, numbered.name(), "k2"));
        assertEquals(Optional.empty(), records.get(b, numbered.name(), "k1"));
        assertEquals(Optional.empty(), records.get(null, numbered.name(), "k1"));

        records.put(a, grown, "k2", "{}", Map.of("severity", 2, "state", "OPEN"));
        assertEquals(Set.of("k1", "k2"), keys(records.query(RecordQuery.of(grown).equal("severity", 2), 0, PAGE)),
                "a field may be added");
    }

    @Test
    public void fieldsTheKindDoesNotDeclareAndValuesOfTheWrongTypeAreRefusedAndNothingIsWritten() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();

        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind, "k1", "{}", Map.of("colour", "red")));
        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind, "k1", "{}",
                Map.of("severity", "high")));
        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind, "k1", "{}", Map.of("seen",
                "yesterday")));
        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind, "k1", "{}", Map.of("state",
                "x".repeat(RecordKind.MAX_TEXT_LENGTH + 1))));
        assertThrows(IllegalArgumentException.class, () -> records.replace(a, kind, "k1", "{}",
                Map.of("colour", "red"), 0));

        assertEquals(Optional.empty(), records.get(a, kind.name(), "k1"));
        assertEquals(0, records.count(RecordQuery.of(kind).inTenant(a)));
        records.put(a, kind, "k1", "{}", Map.of("state", "x".repeat(RecordKind.MAX_TEXT_LENGTH)));
        assertEquals(1, records.count(RecordQuery.of(kind).inTenant(a).contains("state", "x")));
    }

    @Test
    public void aRecordOfOneMebibyteIsKeptAndOneCharacterMoreIsRefused() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        String largest = "\"" + "x".repeat(PluginRecords.MAX_CHARS - 2) + "\"";
        String tooLarge = "\"" + "x".repeat(PluginRecords.MAX_CHARS - 1) + "\"";
        assertEquals(1_048_576, largest.length());

        records.put(a, kind, "largest", largest, Map.of("state", "OPEN"));

        assertEquals(largest, records.get(a, kind.name(), "largest").orElseThrow());
        assertEquals(largest, records.query(RecordQuery.of(kind).inTenant(a).equal("state", "OPEN"), 0, 1).get(0)
                .json());
        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind, "too-large", tooLarge,
                Map.of("state", "OPEN")));
        assertThrows(IllegalArgumentException.class, () -> records.put(a, kind.name(), "too-large", tooLarge));
        assertThrows(IllegalArgumentException.class, () -> records.replace(a, kind, "largest", tooLarge,
                Map.of("state", "OPEN"), 1));
        assertThrows(IllegalArgumentException.class, () -> records.put(null, kind, "too-large", tooLarge, Map.of()));
        assertEquals(Optional.empty(), records.get(a, kind.name(), "too-large"));
        assertEquals(largest, records.get(a, kind.name(), "largest").orElseThrow());
        assertEquals(1, records.count(RecordQuery.of(kind).allTenants()));
    }

    @Test
    public void replaceWritesFieldsOnlyOverTheVersionItWasMadeFrom() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        RecordQuery all = RecordQuery.of(kind).inTenant(a);

        records.replace(a, kind, "i1", "{\"n\":1}", Map.of("state", "NEW"), 0);
        Found created = records.query(all.equal("state", "NEW"), 0, PAGE).get(0);
        assertEquals(new Found(a, "i1", "{\"n\":1}", created.updatedAt(), 1), created);
        assertThrows(RecordConflictException.class, () -> records.replace(a, kind, "i1", "{}",
                Map.of("state", "OTHER"), 0), "0 creates only what is not there");

        records.replace(a, kind, "i1", "{\"n\":2}", Map.of("state", "ACKNOWLEDGED"), 1);
        assertThrows(RecordConflictException.class, () -> records.replace(a, kind, "i1", "{\"n\":3}",
                Map.of("state", "CLOSED"), 1), "a stale copy");

        assertEquals(0, records.count(all.in("state", List.of("NEW", "OTHER", "CLOSED"))));
        Found acknowledged = records.query(all.equal("state", "ACKNOWLEDGED"), 0, PAGE).get(0);
        assertEquals("{\"n\":2}", acknowledged.json());
        assertEquals(2, acknowledged.version());
        records.put(a, kind, "i1", "{\"n\":4}", Map.of("state", "CLOSED"));
        assertEquals(3, records.query(all.equal("state", "CLOSED"), 0, PAGE).get(0).version());
    }

    @Test
    public void aQueryReadsItsOwnKindAndNoDeletedRecord() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordKind kind = incidents();
        RecordKind another = incidents();
        records.put(a, kind, "k1", "{\"kind\":1}", Map.of("state", "OPEN"));
        records.put(a, kind, "k2", "{\"kind\":1}", Map.of("state", "OPEN"));
        records.put(a, another, "k1", "{\"kind\":2}", Map.of("state", "OPEN"));

        assertEquals(List.of("{\"kind\":1}", "{\"kind\":1}"), records.query(RecordQuery.of(kind), 0, PAGE).stream()
                .map(Found::json).toList());
        assertTrue(records.delete(a, kind.name(), "k1"));
        assertEquals(List.of("k2"), order(records.query(RecordQuery.of(kind), 0, PAGE)));
        assertEquals(1, records.count(RecordQuery.of(kind)));
        assertEquals(Map.of("OPEN", 1L), records.countBy(RecordQuery.of(another), "state"));
    }

    @Test
    public void aPageStartsAtZeroOrLaterAndHoldsOneToFiveHundredRecords() {
        String a = tenant();
        PluginRecords records = fixture(Set.of(a), Map.of()).records();
        RecordQuery all = RecordQuery.of(incidents()).inTenant(a);

        assertThrows(IllegalArgumentException.class, () -> records.query(all, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> records.query(all, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> records.query(all, 0, PAGE + 1));
        assertEquals(List.of(), records.query(all, 0, PAGE));
        assertEquals(List.of(), records.query(all, 1_000, 1));
    }

    /** A kind no other test, of this run or an earlier one, writes. */
    private static RecordKind newKind() {
        return RecordKind.of("contract-" + RUN + "-" + KINDS.incrementAndGet());
    }

    private static RecordKind incidents() {
        return newKind().text("state").number("severity").time("seen").text("user").number("muted");
    }

    private static String tenant() {
        return UUID.randomUUID().toString();
    }

    /** Long enough that the next write is newer, on a clock of any precision. */
    private static void later() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A map of names and values, in order, nulls allowed. */
    private static <K> Map<K, Object> values(Object... pairs) {
        Map<K, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            K key = (K) pairs[i];
            values.put(key, pairs[i + 1]);
        }
        return values;
    }

    private static Set<String> keys(List<Found> found) {
        return found.stream().map(Found::key).collect(Collectors.toSet());
    }

    private static List<String> order(List<Found> found) {
        return found.stream().map(Found::key).toList();
    }

    private static List<String> places(List<Found> found) {
        return found.stream().map(one -> one.tenantId() + "/" + one.key()).toList();
    }
}
