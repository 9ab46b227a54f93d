package dev.tenantry.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultsTest {

    static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    static final String FABRIKAM = "a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d";
    static final String APP = "8d1c8f54-3a0e-4a7c-9d3b-5e2f71c0a9b1";
    static final String OTHER_APP = "4a7d2c91-8e35-4b60-a1f2-9c3e5d7b8a14";

    final MutableClock clock = new MutableClock();

    @Test
    void theSameSeedGivesEachTenantsNthRequestTheSameFateHoweverTenantsInterleave() {
        Faults first = new Faults(clock).rates(0.1, 0.05, 7);
        List<String> contosoFirst = new ArrayList<>();
        List<String> fabrikamFirst = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            contosoFirst.add(fate(first, CONTOSO));
            fabrikamFirst.add(fate(first, FABRIKAM));
        }
        Faults second = new Faults(clock).rates(0.1, 0.05, 7);
        List<String> fabrikamSecond = new ArrayList<>();
        List<String> contosoSecond = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            fabrikamSecond.add(fate(second, FABRIKAM));
        }
        for (int i = 0; i < 400; i++) {
            contosoSecond.add(fate(second, CONTOSO));
        }

        assertEquals(contosoFirst, contosoSecond);
        assertEquals(fabrikamFirst, fabrikamSecond);
        assertNotEquals(contosoFirst, fabrikamFirst, "tenants draw apart");
        long throttled = contosoFirst.stream().filter("THROTTLE"::equals).count();
        long unavailable = contosoFirst.stream().filter("SERVICE_UNAVAILABLE"::equals).count();
        assertTrue(throttled > 20 && throttled < 60, throttled + " of 400 at 10%");
        assertTrue(unavailable > 5 && unavailable < 40, unavailable + " of 400 at 5%");
    }

    @Test
    void anotherSeedGivesOtherFates() {
        Faults seven = new Faults(clock).rates(0.2, 0, 7);
        Faults eight = new Faults(clock).rates(0.2, 0, 8);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            a.add(fate(seven, CONTOSO));
            b.add(fate(eight, CONTOSO));
        }
        assertNotEquals(a, b);
    }

    @Test
    void aBudgetCountsEachApplicationInEachTenantApartUntilItsWindowEnds() {
        Faults faults = new Faults(clock).budget(3, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertTrue(faults.failure(CONTOSO, APP, "/users").isEmpty());
        }
        clock.advance(Duration.ofMillis(2500));
        Optional<Faults.Decision> over = faults.failure(CONTOSO, APP, "/users");

        assertEquals(Faults.Kind.THROTTLE, over.orElseThrow().kind());
        assertEquals(Duration.ofSeconds(8), over.get().amount(), "Retry-After: what is left of the window, rounded up");
        assertTrue(faults.failure(CONTOSO, OTHER_APP, "/users").isEmpty(), "another application has its own budget");
        assertTrue(faults.failure(FABRIKAM, APP, "/users").isEmpty(), "another tenant too");
        assertTrue(faults.failure(CONTOSO, APP, "/adminapi/beta/x/InvokeCommand").isEmpty(), "and Exchange");
        clock.advance(Duration.ofMillis(7500));
        assertTrue(faults.failure(CONTOSO, APP, "/users").isEmpty(), "a new window");
    }

    @Test
    void aRequestOverTheLimitInFlightIsRefusedUntilAnotherIsAnswered() {
        Faults faults = new Faults(clock).concurrency(2);
        Faults.Admission first = faults.admit(CONTOSO, APP);
        Faults.Admission second = faults.admit(CONTOSO, APP);
        Faults.Admission third = faults.admit(CONTOSO, APP);

        assertTrue(first.refusal().isEmpty() && second.refusal().isEmpty());
        assertEquals(new Faults.Decision(Faults.Kind.THROTTLE, Duration.ofSeconds(1)), third.refusal().orElseThrow());
        assertEquals(2, faults.inFlight(CONTOSO, APP), "the refused request is not counted");
        assertTrue(faults.admit(CONTOSO, OTHER_APP).refusal().isEmpty(), "per application");
        first.release();
        assertTrue(faults.admit(CONTOSO, APP).refusal().isEmpty());
    }

    @Test
    void onlyTheNamedTenantsAreThrottled() {
        Faults faults = new Faults(clock).apply(settings(Map.of("throttle-rate", "1", "throttle-tenants",
                CONTOSO.toUpperCase())));

        assertEquals(Faults.Kind.THROTTLE, faults.failure(CONTOSO, APP, "/users").orElseThrow().kind());
        assertTrue(faults.failure(FABRIKAM, APP, "/users").isEmpty());
    }

    @Test
    void aShareOfTenantsIsDrawnFromTheSeed() {
        Faults faults = new Faults(clock).apply(settings(Map.of("throttle-rate", "1", "throttle-tenants", "30%",
                "fault-seed", "3")));
        int throttled = 0;
        List<Boolean> fates = new ArrayList<>();
        for (int t = 0; t < 1000; t++) {
            boolean hit = faults.failure("tenant-" + t, APP, "/users").isPresent();
            fates.add(hit);
            throttled += hit ? 1 : 0;
        }
        assertTrue(throttled > 240 && throttled < 360, throttled + " of 1000 tenants at 30%");
        Faults again = new Faults(clock).apply(settings(Map.of("throttle-rate", "1", "throttle-tenants", "30%",
                "fault-seed", "3")));
        for (int t = 0; t < 1000; t++) {
            assertEquals(fates.get(t), again.failure("tenant-" + t, APP, "/users").isPresent());
        }
    }

    @Test
    void settingsNamingAnUnknownTenantAreRefused() {
        Faults faults = new Faults(clock, name -> name.equals("contoso.example") ? Optional.of(CONTOSO)
                : Optional.empty());
        faults.apply(settings(Map.of("throttle-tenants", "contoso.example")));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> faults.apply(settings(Map.of("throttle-tenants", "contoso.example,nowhere.example"))));
        assertTrue(refused.getMessage().contains("nowhere.example"), refused.getMessage());
    }

    @Test
    void latencyIsTheSettingsPlusAJitterBelowItsBoundPlusMatchingRules() {
        Faults faults = new Faults(clock).apply(settings(Map.of("latency", "100ms", "latency-jitter", "50ms")));
        faults.add(Faults.Kind.LATENCY, CONTOSO, "/oauth2/", Duration.ofMillis(300), -1);
        boolean jittered = false;
        for (int i = 0; i < 50; i++) {
            Duration latency = faults.latency(FABRIKAM, "/users");
            assertTrue(latency.compareTo(Duration.ofMillis(100)) >= 0 && latency.compareTo(Duration.ofMillis(150)) < 0,
                    latency.toString());
            jittered |= !latency.equals(Duration.ofMillis(100));
        }
        assertTrue(jittered);
        assertTrue(faults.latency(CONTOSO, "/oauth2/v2.0/token").compareTo(Duration.ofMillis(400)) >= 0);
    }

    @Test
    void clearingForgetsTheSettings() {
        Faults faults = new Faults(clock).rates(1, 0, 1).latency(Duration.ofSeconds(1));
        faults.clear();
        assertEquals(FaultSettings.NONE, faults.settings());
        assertTrue(faults.failure(CONTOSO, APP, "/users").isEmpty());
        assertFalse(faults.settings().any());
    }

    private static String fate(Faults faults, String tenant) {
        return faults.failure(tenant, APP, "/users").map(decision -> decision.kind().name()).orElse("OK");
    }

    private static FaultSettings settings(Map<String, String> values) {
        return FaultSettings.parse(values, FaultSettings.NONE, "test", "");
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T09:00:00Z");

        void advance(Duration amount) {
            now = now.plus(amount);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
