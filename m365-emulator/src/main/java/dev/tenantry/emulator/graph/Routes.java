package dev.tenantry.emulator.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The route table the Graph areas add to, in matching order: a request goes to the first route whose path pattern and
 * method match it, so a specific path is added before a template that would also match it.
 */
final class Routes {

    /** A Graph area: the endpoints of one part of Graph, added to the table in its {@link #register}. */
    interface Area {
        void register(Routes routes);
    }

    private final List<Route> table = new ArrayList<>();

    /** Adds an endpoint; each {@code {id}} of the template matches one path segment, the call's next parameter. */
    void add(String method, String template, Set<String> roles, Handler handler) {
        add(method, template, roles, call -> Optional.empty(), handler);
    }

    /**
     * Adds an endpoint whose permissions depend on the type of the object it addresses: {@code objectType} names it
     * from the call (before the permission check), and the catalogue's entry for that type applies.
     */
    void add(String method, String template, Set<String> roles, Function<Call, Optional<String>> objectType,
            Handler handler) {
        String regex = Pattern.quote(template).replace("{id}", "\\E([^/()']+)\\Q");
        table.add(new Route(method, template, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), roles, objectType,
                handler));
    }

    List<Route> all() {
        return List.copyOf(table);
    }

    /**
     * Graph accepts a function without arguments with or without parentheses ({@code delta()}), a type cast with
     * or without the {@code microsoft.} namespace ({@code graph.user}), and a key in parentheses as well as a segment
     * ({@code /teams('id')/operations('id')}, as Teams' {@code Location} headers write it); routes use one spelling.
     */
    static String canonicalPath(String path) {
        return path.replaceAll("\\('([^'/()]+)'\\)", "/$1").replaceAll("(?i)/delta\\(\\)$", "/delta")
                .replaceAll("(?i)/graph\\.([a-z]+)$", "/microsoft.graph.$1");
    }
}
