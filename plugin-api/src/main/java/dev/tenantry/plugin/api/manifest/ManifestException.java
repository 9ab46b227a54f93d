package dev.tenantry.plugin.api.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be accepted, with every problem found and where it is. */
public class ManifestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * One thing wrong with a manifest.
     *
     * @param line   1-based line in the file, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param field  where in the document, as a JSON path ({@code $.scopeSets[0].permissions[1].type})
     */
    public record Problem(int line, int column, String field, String message) {

        @Override
        public String toString() {
            return (line > 0 ? "line " + line + (column > 0 ? ":" + column : "") + ", " : "") + field + ": " + message;
        }
    }

    public ManifestException(String source, List<Problem> problems) {
        super(source + " is not a valid Tenantry plugin manifest:\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
