package dev.tenantry.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the API gives plugins beyond the host's services: all records of a kind, duration settings, watched work. */
class ApiDefaultsTest {

    @Test
    void allRecordsOfAKindAreReadAPageAtATime() {
        List<PluginRecords.Entry> stored = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            stored.add(new PluginRecords.Entry("k" + i, "{}", Instant.EPOCH));
        }
        List<Integer> asked = new ArrayList<>();
        PluginRecords records = new PluginRecords() {
            @Override
            public List<Entry> list(String tenantId, String kind, int first, int max) {
                asked.add(first);
                return stored.subList(Math.min(first, stored.size()), Math.min(first + max, stored.size()));
            }

            @Override
            public void put(String tenantId, String kind, String key, String json) {
            }

            @Override
            public Optional<String> get(String tenantId, String kind, String key) {
                return Optional.empty();
            }

            @Override
            public long count(String tenantId, String kind) {
                return stored.size();
            }

            @Override
            public boolean delete(String tenantId, String kind, String key) {
                return false;
            }
        };
        assertEquals(stored, records.all(null, "rule"));
        assertEquals(List.of(0, 500, 1000), asked);
        stored.subList(1000, 1234).clear();
        asked.clear();
        assertEquals(1000, records.all(null, "rule").size());
        assertEquals(List.of(0, 500, 1000), asked, "a full last page is followed by one more look");
    }

    @Test
    void aDurationSettingFallsBackWhenUnsetOrNotADurationAndIsNeverBelowItsMinimum() {
        Duration fallback = Duration.ofMinutes(5);
        Duration minimum = Duration.ofMinutes(1);
        assertEquals(fallback, settings(Map.of()).getDuration("poll-interval", fallback, minimum));
        assertEquals(fallback, settings(Map.of("poll-interval", "  ")).getDuration("poll-interval", fallback, minimum));
        assertEquals(Duration.ofHours(12), settings(Map.of("poll-interval", " PT12H "))
                .getDuration("poll-interval", fallback, minimum));
        assertEquals(minimum, settings(Map.of("poll-interval", "PT5S")).getDuration("poll-interval", fallback,
                minimum));
        assertEquals(fallback, settings(Map.of("poll-interval", "often")).getDuration("poll-interval", fallback,
                minimum));
    }

    @Test
    void aWatchedWorkKeepsThePagePollingUntilOneRefreshAfterItEnded() {
        AtomicReference<String> state = new AtomicReference<>("RUNNING");
        PluginWork work = new PluginWork() {
            @Override
            public String start(String title, String tenantId, Work body) {
                return "w1";
            }

            @Override
            public String startEach(String title, List<String> tenants, TenantWork each) {
                return "w1";
            }

            @Override
            public Optional<WorkStatus> status(String workId) {
                return Optional.of(new WorkStatus(workId, "p", "t", null, "alex", state.get(), 0, 1, "", Instant.EPOCH,
                        null));
            }
        };
        WorkWatch watch = new WorkWatch();
        assertFalse(watch.polling(work), "nothing started");
        assertTrue(watch.status(work).isEmpty());

        watch.started("w1");
        assertTrue(watch.polling(work));
        watch.refreshed(work);
        assertTrue(watch.polling(work), "still running");

        state.set("SUCCESS");
        assertTrue(watch.polling(work), "ended, but the page has not drawn it since");
        watch.refreshed(work);
        assertFalse(watch.polling(work), "drawn once after the end: stop");
        assertEquals("SUCCESS", watch.status(work).orElseThrow().state());

        watch.started("w1");
        assertTrue(watch.polling(work), "work that ended before the page first polled is still drawn once");
    }

    private static PluginSettings settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
