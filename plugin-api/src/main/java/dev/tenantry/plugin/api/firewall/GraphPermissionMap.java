package dev.tenantry.plugin.api.firewall;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Microsoft permissions allow a Graph request, by method and path, as Microsoft's published permission map
 * ({@code microsoftgraph/microsoft-graph-devx-content}, {@code permissions/new/permissions.json}) lists them: the same
 * source and commit the emulator derives its permission data from. The table ships in this jar
 * ({@code graph-permission-map.tsv}, derived by {@code plugin-api/src/build/derive-graph-permission-map.py}); its
 * header names the source commit ({@link #sourceCommit()}).
 *
 * <p>A request path is matched segment by segment against the map's paths, where {@code {id}} stands for any one
 * segment (or part of one, as in {@code servicePrincipals(appId='{id}')}); when several paths match, the most specific
 * wins (a literal segment beats a placeholder, from left to right), so {@code /users/delta} is judged as itself and not
 * as {@code /users/{id}}. A trailing {@code $count} or {@code $value} is judged as the collection or entity it counts or
 * reads, as Graph does, and a trailing {@code $ref} as the relationship it adds to or the member it removes
 * ({@code POST /groups/{id}/members/$ref} as {@code POST /groups/{id}/members}: Microsoft's map lists them so). A type
 * cast segment is read with its full namespace whichever way it is written ({@code graph.user} as
 * {@code microsoft.graph.user}), as Graph reads it.
 *
 * <p>One rule is added to the data: a read permission ({@code Policy.Read.All}, {@code User.ReadBasic.All}: a name
 * with a {@code Read…} part that is not {@code ReadWrite}) never allows {@code PATCH}, {@code PUT} or {@code DELETE},
 * nor a {@code POST} to a path that is also read with {@code GET} (a create). The map lists such permissions beside
 * the write permission a request needs when Microsoft also requires them (creating a Conditional Access policy lists
 * {@code Policy.Read.All} and {@code Application.Read.All}); on their own they must not unlock the write. A
 * {@code POST} that only reads ({@code getMemberGroups}, {@code runHuntingQuery}) has no {@code GET} and keeps them.
 */
public final class GraphPermissionMap {

    private static final String RESOURCE = "graph-permission-map.tsv";
    private static volatile GraphPermissionMap shipped;

    private final String sourceCommit;
    private final Map<String, Map<Integer, List<Entry>>> byMethod = new HashMap<>();
    private int size;

    private GraphPermissionMap(String sourceCommit) {
        this.sourceCommit = sourceCommit;
    }

    /** The map that ships with this API version (read once). */
    public static GraphPermissionMap shipped() {
        GraphPermissionMap map = shipped;
        if (map == null) {
            synchronized (GraphPermissionMap.class) {
                map = shipped;
                if (map == null) {
                    try (InputStream in = GraphPermissionMap.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from plugin-api");
                        }
                        map = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shipped = map;
                }
            }
        }
        return map;
    }

    /** Reads a table in the shipped format (tab-separated: method, path, delegated, application; {@code -} none). */
    static GraphPermissionMap read(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String commit = "unknown";
        List<String[]> rows = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("# source ")) {
                String[] words = line.substring("# source ".length()).split(" ");
                commit = words.length > 1 ? words[1] : commit;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] columns = line.split("\t");
                if (columns.length != 4) {
                    throw new IOException("Not a permission map line: " + line);
                }
                rows.add(columns);
            }
        }
        GraphPermissionMap map = new GraphPermissionMap(commit);
        for (String[] row : rows) {
            Entry entry = new Entry(row[1], segments(row[1]).stream().map(Segment::of).toList(), names(row[2]),
                    names(row[3]));
            map.byMethod.computeIfAbsent(row[0].toUpperCase(Locale.ROOT), method -> new HashMap<>())
                    .computeIfAbsent(entry.segments.size(), count -> new ArrayList<>()).add(entry);
            map.size++;
        }
        return map;
    }

    /** The commit of Microsoft's permission map this table was derived from. */
    public String sourceCommit() {
        return sourceCommit;
    }

    /** How many method and path pairs the map lists. */
    public int size() {
        return size;
    }

    /**
     * The permissions that allow {@code method} on {@code path} (a Graph path without the version, e.g.
     * {@code /users/abc/revokeSignInSessions}; percent-encoded or not) for a connection; empty when the map lists the
     * request for no permission of that kind (or not at all).
     */
    public Set<String> permissionsFor(String method, String path, ScopeSet.Connection connection) {
        Set<String> allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        best(method, path).forEach(entry -> allowed.addAll(connection == ScopeSet.Connection.APPLICATION
                ? entry.application : entry.delegated));
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("PATCH") || verb.equals("PUT") || verb.equals("DELETE")
                || verb.equals("POST") && !best("GET", path).isEmpty()) {
            allowed.removeIf(GraphPermissionMap::reads);
        }
        return allowed;
    }

    /** Whether a permission's name says it only reads ({@code Read}, {@code ReadBasic}, not {@code ReadWrite}). */
    static boolean reads(String permission) {
        for (String part : permission.split("[.-]")) {
            if (part.startsWith("Read") && !part.startsWith("ReadWrite")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the map lists {@code method} on {@code path} at all. */
    public boolean lists(String method, String path) {
        return !best(method, path).isEmpty();
    }

    /**
     * Whether one of {@code permissions} (of {@code connection}'s kind) allows {@code method} on {@code path}.
     */
    public boolean allows(String method, String path, ScopeSet.Connection connection,
            Collection<String> permissions) {
        Set<String> allowed = permissionsFor(method, path, connection);
        return permissions.stream().anyMatch(allowed::contains);
    }

    /** The map paths that judge a request: the most specific of those that match it. */
    List<String> templatesFor(String method, String path) {
        return best(method, path).stream().map(entry -> entry.path).toList();
    }

    private List<Entry> best(String method, String path) {
        List<String> segments = segments(path);
        List<Entry> found = matches(method, segments);
        if (found.isEmpty() && !segments.isEmpty()) {
            String last = segments.get(segments.size() - 1);
            if (last.equals("$count") || last.equals("$value") || last.equals("$ref")) {
                found = matches(method, segments.subList(0, segments.size() - 1));
            }
        }
        return found;
    }

    private List<Entry> matches(String method, List<String> segments) {
        List<Entry> candidates = byMethod.getOrDefault(method.toUpperCase(Locale.ROOT), Map.of())
                .getOrDefault(segments.size(), List.of());
        List<Entry> best = new ArrayList<>();
        int[] bestScore = null;
        for (Entry entry : candidates) {
            int[] score = entry.score(segments);
            if (score == null) {
                continue;
            }
            int order = bestScore == null ? 1 : Arrays.compare(score, bestScore);
            if (order > 0) {
                best.clear();
                bestScore = score;
            }
            if (order >= 0) {
                best.add(entry);
            }
        }
        return best;
    }

    private static final Pattern KEY_IN_PARENTHESES = Pattern.compile("([^(]+)\\('([^'=]*)'\\)");

    /** Lower case, decoded, quotes dropped, split on '/', without empty segments; keys in parentheses as segments. */
    static List<String> segments(String path) {
        String plain = path;
        int query = plain.indexOf('?');
        if (query >= 0) {
            plain = plain.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : plain.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = raw.contains("%") ? URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)
                    : raw;
            // A key in parentheses is the key as a segment: /teams('id')/operations('id'), as Teams' Location writes
            // it, is /teams/{id}/operations/{id} (a named key, servicePrincipals(appId='…'), stays one segment)
            Matcher key = KEY_IN_PARENTHESES.matcher(segment);
            if (key.matches()) {
                segments.add(key.group(1).toLowerCase(Locale.ROOT));
                segment = key.group(2);
            }
            String normal = segment.toLowerCase(Locale.ROOT).replace("'", "").replace("\"", "");
            // A type cast is written with or without its namespace's first part (the SDK writes graph.user)
            segments.add(normal.startsWith("graph.") ? "microsoft." + normal : normal);
        }
        return segments;
    }

    private static Set<String> names(String column) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (!column.equals("-")) {
            names.addAll(Arrays.asList(column.split(",")));
        }
        return Set.copyOf(names);
    }

    private record Entry(String path, List<Segment> segments, Set<String> delegated, Set<String> application) {

        /** Per segment 2 (literal), 1 (literal with a placeholder in it), 0 (placeholder); null when it does not match. */
        int[] score(List<String> request) {
            int[] score = new int[segments.size()];
            for (int i = 0; i < score.length; i++) {
                Segment segment = segments.get(i);
                if (!segment.matches(request.get(i))) {
                    return null;
                }
                score[i] = segment.rank();
            }
            return score;
        }
    }

    private record Segment(String literal, Pattern pattern) {

        static Segment of(String text) {
            if (!text.contains("{")) {
                return new Segment(text, null);
            }
            if (text.matches("\\{[^}]*}")) {
                return new Segment(null, null);
            }
            StringBuilder regex = new StringBuilder();
            for (String part : text.split("\\{[^}]*}", -1)) {
                if (!regex.isEmpty()) {
                    regex.append("[^/]+");
                }
                regex.append(Pattern.quote(part));
            }
            return new Segment(null, Pattern.compile(regex.toString()));
        }

        boolean matches(String request) {
            return literal != null ? literal.equals(request) : pattern == null || pattern.matcher(request).matches();
        }

        int rank() {
            return literal != null ? 2 : pattern != null ? 1 : 0;
        }
    }
}
