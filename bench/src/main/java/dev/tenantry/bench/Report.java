package dev.tenantry.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figures: each a ratio measured in one run against its target, with the measurements it came from,
 * printed as one table and written as JSON.
 */
final class Report {

    /** Whether a figure must stay at or under its target, or reach it. */
    enum Bound { AT_MOST, AT_LEAST }

    /**
     * One figure. {@code value} is NaN when it could not be measured in this run ({@code detail} says why).
     */
    record Figure(String name, double value, Bound bound, double target, String detail) {

        boolean met() {
            return !Double.isNaN(value) && (bound == Bound.AT_MOST ? value <= target : value >= target);
        }

        String targetText() {
            return (bound == Bound.AT_MOST ? "≤ " : "≥ ") + number(target);
        }
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> information = new LinkedHashMap<>();
    /** Where each figure is also printed as it is measured (a run stopped early still shows what it measured). */
    private final PrintStream progress;

    Report(PrintStream progress) {
        this.progress = progress;
    }

    void add(String name, double value, Bound bound, double target, String detail) {
        Figure figure = new Figure(name, value, bound, target, detail);
        figures.add(figure);
        progress.printf(Locale.ROOT, "[figure] %s: %s (target %s, %s); %s%n", name, number(value), figure.targetText(),
                figure.met() ? "met" : "not met", detail);
    }

    /** Absolute times, counts and settings shown beside the figures (information only). */
    void inform(String name, Object value) {
        information.put(name, value);
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    Map<String, Object> information() {
        return Map.copyOf(information);
    }

    void print(PrintStream out) {
        int width = figures.stream().mapToInt(figure -> figure.name().length()).max().orElse(10);
        out.println();
        out.printf("%-" + width + "s | %9s | %7s | %s%n", "figure", "measured", "target", "");
        out.println("-".repeat(width) + "-+-" + "-".repeat(9) + "-+-" + "-".repeat(7) + "-+-" + "-".repeat(40));
        for (Figure figure : figures) {
            out.printf("%-" + width + "s | %9s | %7s | %s%n", figure.name(),
                    Double.isNaN(figure.value()) ? "—" : number(figure.value()), figure.targetText(),
                    (Double.isNaN(figure.value()) ? "not measured: " : figure.met() ? "met; " : "NOT MET; ")
                            + figure.detail());
        }
        out.println();
        information.forEach((name, value) -> out.println("  " + name + ": " + value));
        out.println();
    }

    void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode node = list.addObject().put("figure", figure.name());
            if (Double.isNaN(figure.value())) {
                node.putNull("measured");
            } else {
                node.put("measured", figure.value());
            }
            node.put("bound", figure.bound() == Bound.AT_MOST ? "at most" : "at least").put("target", figure.target())
                    .put("met", figure.met()).put("detail", figure.detail());
        }
        root.set("information", json.valueToTree(information));
        Files.createDirectories(file.getParent());
        json.writeValue(file.toFile(), root);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.2f", value);
    }
}
