package dev.tenantry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at 20 tenants and one round, so that it cannot rot: every step runs against the real server and
 * emulator, and every figure it knows how to measure comes out as a number. Targets are not asserted here (a smoke
 * run on a loaded CI machine proves nothing about them); the full run's figures go in the closing note.
 */
class BenchmarkSmokeIT {

    @Test
    void everyFigureIsMeasuredAndReported() throws Exception {
        Path work = Path.of(System.getProperty("tenantry.bench.work"));
        Options options = Options.smoke(Path.of(System.getProperty("tenantry.server.dir")),
                Path.of(System.getProperty("tenantry.ear")), work);

        Report report = new Benchmark(options, System.out).run();
        report.print(System.out);
        Path json = work.resolve("report.json");
        report.write(json);

        List<Report.Figure> figures = report.figures();
        assertEquals(15, figures.size(), "one figure per row of the issue's table: " + figures);
        for (Report.Figure figure : figures) {
            assertFalse(Double.isNaN(figure.value()) || Double.isInfinite(figure.value()),
                    figure.name() + " was not measured: " + figure.detail());
            assertTrue(figure.value() > 0, figure.name() + " = " + figure.value());
        }
        JsonNode written = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(figures.size(), written.path("figures").size());
        assertTrue(written.path("information").path("machine").asText().contains("cores"));
    }
}
