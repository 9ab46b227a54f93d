package dev.tenantry.portal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatementCounterTest {

    private final StatementCounter inspector = new StatementCounter();

    @Test
    void countsTheStatementsPreparedOnItsThreadAndReturnsThemUnchanged() {
        try (StatementCounter.Count count = StatementCounter.start()) {
            assertEquals("select t.id from tenant t", inspector.inspect("select t.id from tenant t"));
            inspector.inspect("update tenant set name = ? where id = ?");

            assertEquals(2, count.statements());
        }
    }

    @Test
    void statementsOnOtherThreadsAreNotCounted() throws InterruptedException {
        try (StatementCounter.Count count = StatementCounter.start()) {
            AtomicReference<String> returned = new AtomicReference<>();
            Thread job = new Thread(() -> returned.set(inspector.inspect("select 1")));
            job.start();
            job.join();

            assertEquals("select 1", returned.get());
            assertEquals(0, count.statements());
        }
    }

    @Test
    void aClosedCountStopsAndKeepsItsFigure() {
        StatementCounter.Count count = StatementCounter.start();
        inspector.inspect("select 1");
        count.close();
        inspector.inspect("select 2");

        assertEquals(1, count.statements());
    }

    @Test
    void aNewCountStartsFromZero() {
        try (StatementCounter.Count first = StatementCounter.start()) {
            inspector.inspect("select 1");
        }
        try (StatementCounter.Count second = StatementCounter.start()) {
            assertEquals(0, second.statements());
        }
    }
}
