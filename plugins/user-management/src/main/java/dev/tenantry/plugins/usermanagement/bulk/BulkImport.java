package dev.tenantry.plugins.usermanagement.bulk;

import com.microsoft.graph.models.Domain;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.actions.ActingAs;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.UserCreation;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Users created from a CSV: every row checked first (what {@link UserCreation} checks, and at Microsoft in a few
 * batched round trips: a verified domain, a free sign-in name, groups that exist; names twice in the file; licences
 * free for all the rows that ask them) and shown with its problems; the good rows handed to the tenant action
 * {@code user-management.bulk-create} (a second person approves a run over the installation's bulk threshold), which
 * queues them; the job creates them a row at a time, each row's outcome kept, so a server stopped mid-run goes on
 * where it stopped and never creates a row twice. The passwords are sealed at rest and given once, as a CSV, to staff
 * who may create users in the tenant; then erased.
 */
public final class BulkImport {

    static final RecordKind BATCH = RecordKind.of("bulk-batch").text("state").time("queued-at");
    static final RecordKind ROW = RecordKind.of("bulk-row").text("batch").text("state").number("line");
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final GraphAccess graph;
    private final PluginRecords records;
    private final PluginAudit audit;
    private final PluginSecrets secrets;
    private final Clock clock;

    public BulkImport(GraphAccess graph, PluginRecords records, PluginAudit audit, PluginSecrets secrets, Clock clock) {
        this.graph = graph;
        this.records = records;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** One row as the preview shows it: what is wrong with it, if anything. */
    public record RowCheck(int line, String userPrincipalName, String displayName, List<String> problems, String csv)
            implements Serializable {

        public RowCheck {
            problems = List.copyOf(problems);
        }

        public boolean good() {
            return problems.isEmpty();
        }
    }

    /** Every row checked, or why the file could not be read at all. */
    public record Preview(List<RowCheck> rows, String problem) implements Serializable {

        public Preview {
            rows = List.copyOf(rows);
        }

        public long good() {
            return rows.stream().filter(RowCheck::good).count();
        }

        /** The good rows as the action's items (CSV lines in the fixed column order). */
        public List<String> goodLines() {
            return rows.stream().filter(RowCheck::good).map(RowCheck::csv).toList();
        }
    }

    /**
     * A queued import ({@code QUEUED}, {@code RUNNING}, {@code DONE}); or one that went to a second person's approval
     * ({@code AWAITING_APPROVAL}, then {@code APPROVED} or {@code REFUSED}), whose rows are in the approval request
     * and which, once approved, is queued as an import of its own.
     *
     * @param approvalId the approval request of one that went to approval; null for a queued import
     * @param message    what became of one that went to approval; empty otherwise
     */
    public record Batch(String id, String tenantId, String by, int rows, int created, int failed, String state,
            Instant queuedAt, Instant endedAt, boolean passwordsGiven, String approvalId, String message)
            implements Serializable {

        public Batch {
            message = message == null ? "" : message;
        }

        Batch with(String next, int nowCreated, int nowFailed, Instant ended) {
            return new Batch(id, tenantId, by, rows, nowCreated, nowFailed, next, queuedAt, ended, passwordsGiven,
                    approvalId, message);
        }

        Batch withPasswordsGiven() {
            return new Batch(id, tenantId, by, rows, created, failed, state, queuedAt, endedAt, true, approvalId,
                    message);
        }

        Batch decided(String next, String text, Instant at) {
            return new Batch(id, tenantId, by, rows, created, failed, next, queuedAt, at, passwordsGiven, approvalId,
                    text);
        }

        /** Whether it went to approval: its rows are in the request, and it is never run itself. */
        public boolean held() {
            return approvalId != null;
        }

        /** Whether it is queued or running, for the page to follow. */
        public boolean working() {
            return "QUEUED".equals(state) || "RUNNING".equals(state);
        }
    }

    /** One row of a queued import and what became of it; the password sealed until given. */
    public record BatchRow(String batchId, int line, String csv, String userPrincipalName, String state, String outcome,
            String userId, String sealedPassword) implements Serializable {
    }

    /** Checks every row of a CSV for the tenant, the file's own problems first. */
    public Preview check(String tenantId, String csv, PortalUser person) throws Exception {
        if (!person.holds(UserIds.CREATE, tenantId)) {
            return new Preview(List.of(), "You may not create users in this tenant (it needs " + UserIds.CREATE + ").");
        }
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.parse(csv);
        } catch (IllegalArgumentException e) {
            return new Preview(List.of(), e.getMessage());
        }
        UserStore store = new UserStore(records);
        UserCreation creation = new UserCreation(graph, store, new History(records), audit, person, clock);
        Map<String, UserStore.Subscription> byPart = new HashMap<>();
        store.subscriptions(tenantId).skus().forEach(sku -> byPart.put(sku.partNumber().toUpperCase(Locale.ROOT),
                sku));
        Map<String, Long> needed = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Map<Integer, List<String>> problems = new LinkedHashMap<>();
        for (CsvRows.Row row : rows) {
            List<String> found = new ArrayList<>();
            String upn = row.get("userPrincipalName").toLowerCase(Locale.ROOT);
            if (!seen.add(upn)) {
                found.add(upn + " is in the file twice.");
            }
            List<String> skuIds = new ArrayList<>();
            for (String part : row.list("licences")) {
                UserStore.Subscription sku = byPart.get(part.toUpperCase(Locale.ROOT));
                if (sku == null) {
                    found.add("The tenant has no " + part + " subscription.");
                } else {
                    skuIds.add(sku.skuId());
                    long wanted = needed.merge(sku.skuId(), 1L, Long::sum);
                    if (wanted > sku.available()) {
                        found.add("No " + sku.name() + " licence is left for this row (" + sku.available()
                                + " free in all).");
                    }
                }
            }
            UserCreation.NewUser asked = newUser(row, skuIds, List.of());
            found.addAll(creation.problems(tenantId, asked).stream().filter(problem -> !problem.startsWith("No ")
                    || !problem.contains("licence is free")).toList());
            problems.put(row.line(), found);
        }
        checkAtMicrosoft(tenantId, rows, problems, creation);
        List<RowCheck> checked = new ArrayList<>();
        for (CsvRows.Row row : rows) {
            checked.add(new RowCheck(row.line(), row.get("userPrincipalName"), row.get("displayName"),
                    problems.get(row.line()), CsvRows.line(row)));
        }
        return new Preview(checked, "");
    }

    /** Domains once, every sign-in name in batches of 20 (a round trip each), each group name once. */
    private void checkAtMicrosoft(String tenantId, List<CsvRows.Row> rows, Map<Integer, List<String>> problems,
            UserCreation creation) throws Exception {
        List<CsvRows.Row> named = rows.stream().filter(row -> row.get("userPrincipalName").contains("@")).toList();
        graph.call(tenantId, UserIds.CREATE_SCOPES, client -> {
            List<Domain> domains = client.domains().get().getValue();
            Set<String> verified = new HashSet<>();
            (domains == null ? List.<Domain>of() : domains).stream().filter(domain -> Boolean.TRUE.equals(domain
                    .getIsVerified())).forEach(domain -> verified.add(domain.getId().toLowerCase(Locale.ROOT)));
            Map<Integer, RequestInformation> lookups = new LinkedHashMap<>();
            String base = client.getRequestAdapter().getBaseUrl();
            for (CsvRows.Row row : named) {
                String upn = row.get("userPrincipalName");
                String domain = upn.substring(upn.indexOf('@') + 1).toLowerCase(Locale.ROOT);
                if (!verified.contains(domain)) {
                    problems.get(row.line()).add("'" + domain + "' is not a verified domain of this tenant.");
                } else {
                    lookups.put(row.line(), GraphBatch.get(base + "/users/" + URLEncoder.encode(upn,
                            StandardCharsets.UTF_8) + "?$select=id"));
                }
            }
            for (Map.Entry<Integer, GraphBatch.Answer> answer : GraphBatch.send(client, lookups, 3).entrySet()) {
                if (answer.getValue().succeeded()) {
                    problems.get(answer.getKey()).add("The sign-in name is taken.");
                } else if (answer.getValue().status() != 404) {
                    answer.getValue().orThrow();
                }
            }
            return null;
        });
        Set<String> groupNames = new HashSet<>();
        rows.forEach(row -> groupNames.addAll(row.list("groups")));
        Set<String> existing = new HashSet<>();
        creation.groupsNamed(tenantId, List.copyOf(groupNames)).forEach(group -> existing.add(group.name()
                .toLowerCase(Locale.ROOT)));
        for (CsvRows.Row row : rows) {
            for (String group : row.list("groups")) {
                if (!existing.contains(group.toLowerCase(Locale.ROOT))) {
                    problems.get(row.line()).add("No assigned group '" + group + "' in this tenant.");
                }
            }
        }
    }

    private static UserCreation.NewUser newUser(CsvRows.Row row, List<String> skuIds,
            List<UserCreation.GroupRef> groups) {
        String upn = row.get("userPrincipalName");
        int at = upn.indexOf('@');
        return new UserCreation.NewUser(row.get("givenName"), row.get("surname"), row.get("displayName"),
                at < 0 ? upn : upn.substring(0, at), at < 0 ? "" : upn.substring(at + 1), row.get("usageLocation"),
                row.get("department"), row.get("jobTitle"), row.get("companyName"), skuIds, groups, "",
                null, "CSV import");
    }

    /**
     * Queues rows (CSV lines in {@link CsvRows#COLUMNS} order, as the action receives them) for the job; audited.
     *
     * @return the batch's id
     */
    public String queue(String tenantId, List<String> lines, String by) {
        List<CsvRows.Row> rows = CsvRows.parse(CsvRows.header() + "\n" + String.join("\n", lines));
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<PluginRecords.Put> puts = new ArrayList<>();
        for (CsvRows.Row row : rows) {
            BatchRow queued = new BatchRow(id, row.line(), CsvRows.line(row), row.get("userPrincipalName"), "WAITING",
                    "", null, null);
            puts.add(new PluginRecords.Put(id + ":" + row.line(), JSON.toJson(queued), Map.of("batch", id, "state",
                    "WAITING", "line", row.line())));
        }
        for (int from = 0; from < puts.size(); from += PluginRecords.MAX_PUTS) {
            records.putAll(tenantId, ROW, puts.subList(from, Math.min(puts.size(), from + PluginRecords.MAX_PUTS)));
        }
        save(new Batch(id, tenantId, by, rows.size(), 0, 0, "QUEUED", now, null, false, null, ""));
        audit.record("bulk-create.queued", tenantId, rows.size() + " user(s)", Map.of("batch", id, "by", by));
        return id;
    }

    /**
     * Notes an import of {@code rows} users that went to a second person's approval as request {@code approvalId},
     * for the page to list it with the others until it is decided ({@link #settle}); its rows stay in the request.
     */
    public Batch held(String tenantId, int rows, String by, String approvalId) {
        Batch held = new Batch(UUID.randomUUID().toString(), tenantId, by, rows, 0, 0, "AWAITING_APPROVAL",
                clock.instant(), null, false, approvalId, "Waits for a second person's approval in Settings → "
                + "Approvals (request " + approvalId + "); nothing is created until then.");
        save(held);
        return held;
    }

    /**
     * Says on each of {@code held} still awaiting approval what became of its request, as {@code decisions} say:
     * approved (it is queued as an import of its own), or refused (rejected, expired, withdrawn, or approved but it
     * did not run), once, audited as {@code bulk-create.refused}; one decided meanwhile is left as it is.
     *
     * @return how many were settled
     */
    public int settle(Collection<Batch> held, Map<String, PluginActionRuns.Decision> decisions) {
        int settled = 0;
        for (Batch batch : held) {
            PluginActionRuns.Decision decision = batch.held() ? decisions.get(batch.approvalId()) : null;
            if (decision == null || decision.state() == PluginActionRuns.State.WAITING) {
                continue;
            }
            boolean refused = decision.neverRuns();
            String text = refused ? refusal(decision) : "Approved by " + decision.decidedBy() + ": queued as an "
                    + "import of its own.";
            Optional<Batch> changed = update(batch.tenantId(), batch.id(), stored -> "AWAITING_APPROVAL".equals(
                    stored.state()) ? stored.decided(refused ? "REFUSED" : "APPROVED", text, decision.decidedAt())
                    : null);
            if (changed.isPresent() && refused) {
                audit.record("bulk-create.refused", batch.tenantId(), batch.rows() + " user(s)", Map.of("batch",
                        batch.id(), "approval", decision.approvalId(), "decision", decision.state().name(), "reason",
                        text));
            }
            settled += changed.isPresent() ? 1 : 0;
        }
        return settled;
    }

    /** Why an import that went to approval never ran, as the page says it. */
    private static String refusal(PluginActionRuns.Decision decision) {
        return switch (decision.state()) {
            case REJECTED -> "Refused by " + decision.decidedBy() + (decision.note().isEmpty() ? ""
                    : ": " + decision.note()) + ". Nothing was created.";
            case EXPIRED -> "Expired: nobody approved it by " + decision.decidedAt() + ". Nothing was created; "
                    + "import the file again if it is still needed.";
            case WITHDRAWN -> "Withdrawn by " + decision.decidedBy() + " before anyone approved it. Nothing was "
                    + "created.";
            default -> "Approved by " + decision.decidedBy() + ", but it did not run: " + decision.outcome()
                    .replaceFirst("^failed: ", "") + (decision.outcome().endsWith(".") ? "" : ".");
        };
    }

    /** Whether the tenant has imports queued or left running, waiting for {@link #runDue}. */
    public boolean waiting(String tenantId) {
        return records.count(RecordQuery.of(BATCH).inTenant(tenantId).in("state", List.of("QUEUED", "RUNNING"))) > 0;
    }

    /** Creates the rows of the tenant's queued imports that are not done yet; called under the tenant's claim. */
    public int runDue(String tenantId) {
        int created = 0;
        List<Batch> due = batches(RecordQuery.of(BATCH).inTenant(tenantId).in("state", List.of("QUEUED", "RUNNING"))
                .orderBy("queued-at", false), 20);
        for (Batch batch : due) {
            created += run(batch);
        }
        return created;
    }

    private int run(Batch queued) {
        Batch batch = queued.with("RUNNING", queued.created(), queued.failed(), null);
        save(batch);
        // Who a queued import creates users as: whose run queued it, with user-management:create there, nothing else
        PortalUser creator = new ActingAs(batch.by(), batch.tenantId(), Set.of(UserIds.CREATE));
        UserStore store = new UserStore(records);
        UserCreation creation = new UserCreation(graph, store, new History(records), audit, creator, clock);
        Map<String, String> byPart = new HashMap<>();
        int created = batch.created();
        int failed = batch.failed();
        List<BatchRow> waiting;
        do {
            waiting = rows(batch.tenantId(), batch.id(), "WAITING", 100);
            for (BatchRow row : waiting) {
                store.subscriptions(batch.tenantId()).skus().forEach(sku -> byPart.put(sku.partNumber()
                        .toUpperCase(Locale.ROOT), sku.skuId()));
                CsvRows.Row parsed = CsvRows.parse(CsvRows.header() + "\n" + row.csv()).get(0);
                BatchRow outcome;
                try {
                    List<String> skuIds = parsed.list("licences").stream().map(part -> byPart.getOrDefault(
                            part.toUpperCase(Locale.ROOT), part)).toList();
                    List<UserCreation.GroupRef> groups = creation.groupsNamed(batch.tenantId(), parsed.list("groups"));
                    UserCreation.Created made = creation.create(batch.tenantId(), newUser(parsed, skuIds, groups));
                    outcome = made.outcome().done()
                            ? new BatchRow(row.batchId(), row.line(), row.csv(), row.userPrincipalName(), "CREATED",
                                    made.outcome().message(), made.userId(), secrets.seal(purpose(row),
                                    made.outcome().password()))
                            : new BatchRow(row.batchId(), row.line(), row.csv(), row.userPrincipalName(), "FAILED",
                                    made.outcome().message(), null, null);
                } catch (Exception e) {
                    outcome = new BatchRow(row.batchId(), row.line(), row.csv(), row.userPrincipalName(), "FAILED",
                            "It could not be done: " + e.getMessage(), null, null);
                }
                saveRow(batch.tenantId(), outcome);
                if ("CREATED".equals(outcome.state())) {
                    created++;
                } else {
                    failed++;
                }
                batch = batch.with("RUNNING", created, failed, null);
                save(batch);
            }
        } while (waiting.size() == 100);
        save(batch.with("DONE", created, failed, clock.instant()));
        audit.record("bulk-create.ran", batch.tenantId(), created + " of " + batch.rows() + " user(s) created",
                Map.of("batch", batch.id(), "failed", String.valueOf(failed)));
        return created - queued.created();
    }

    /**
     * The new users' sign-in names and passwords as CSV, given once to staff who may create users in the tenant (the
     * sealed passwords are erased as they are given); audited. Empty when given already or not allowed.
     */
    public Optional<String> takePasswords(String tenantId, String batchId, PortalUser person) {
        Optional<Batch> batch = find(tenantId, batchId);
        if (batch.isEmpty() || batch.get().passwordsGiven() || !person.holds(UserIds.CREATE, tenantId)) {
            return Optional.empty();
        }
        StringBuilder csv = new StringBuilder("userPrincipalName,password\r\n");
        int first = 0;
        List<BatchRow> page;
        do {
            page = records.query(RecordQuery.of(ROW).inTenant(tenantId).equal("batch", batchId).equal("state",
                    "CREATED").orderBy("line", false), first, 500).stream().map(found -> JSON.fromJson(found.json(),
                    BatchRow.class)).toList();
            for (BatchRow row : page) {
                if (row.sealedPassword() != null) {
                    csv.append(row.userPrincipalName()).append(',').append(secrets.open(purpose(row),
                            row.sealedPassword())).append("\r\n");
                    saveRow(tenantId, new BatchRow(row.batchId(), row.line(), row.csv(), row.userPrincipalName(),
                            row.state(), row.outcome(), row.userId(), null));
                }
            }
            first += page.size();
        } while (page.size() == 500);
        save(batch.get().withPasswordsGiven());
        audit.record("bulk-create.passwords-given", tenantId, batchId, Map.of("batch", batchId, "to",
                person.userPrincipalName()));
        return Optional.of(csv.toString());
    }

    public Optional<Batch> find(String tenantId, String batchId) {
        return records.get(tenantId, BATCH.name(), batchId).map(json -> JSON.fromJson(json, Batch.class));
    }

    /** The latest imports of a tenant, newest first. */
    public List<Batch> recent(String tenantId, int max) {
        return batches(RecordQuery.of(BATCH).inTenant(tenantId).orderBy("queued-at", true), max);
    }

    /** The rows of an import in one state (empty: every one), in file order. */
    public List<BatchRow> rows(String tenantId, String batchId, String state, int max) {
        RecordQuery query = RecordQuery.of(ROW).inTenant(tenantId).equal("batch", batchId).orderBy("line", false);
        if (state != null && !state.isEmpty()) {
            query = query.equal("state", state);
        }
        return records.query(query, 0, max).stream().map(found -> JSON.fromJson(found.json(), BatchRow.class))
                .toList();
    }

    private List<Batch> batches(RecordQuery query, int max) {
        return records.query(query, 0, max).stream().map(found -> JSON.fromJson(found.json(), Batch.class)).toList();
    }

    /**
     * Writes {@code change} of the batch as it is stored now, only if nobody wrote it since (read again and changed
     * again otherwise); empty when there is no such batch or {@code change} leaves it as it is (returns null).
     */
    private Optional<Batch> update(String tenantId, String batchId, UnaryOperator<Batch> change) {
        for (int attempt = 1;; attempt++) {
            Optional<PluginRecords.Versioned> stored = records.getVersioned(tenantId, BATCH.name(), batchId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Batch changed = change.apply(JSON.fromJson(stored.get().json(), Batch.class));
            if (changed == null) {
                return Optional.empty();
            }
            try {
                records.replace(tenantId, BATCH, batchId, JSON.toJson(changed), fields(changed),
                        stored.get().version());
                return Optional.of(changed);
            } catch (RecordConflictException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, Object> fields(Batch batch) {
        return Map.of("state", batch.state(), "queued-at", batch.queuedAt());
    }

    private void save(Batch batch) {
        records.put(batch.tenantId(), BATCH, batch.id(), JSON.toJson(batch), fields(batch));
    }

    void saveRow(String tenantId, BatchRow row) {
        records.put(tenantId, ROW, row.batchId() + ":" + row.line(), JSON.toJson(row), Map.of("batch", row.batchId(),
                "state", row.state(), "line", row.line()));
    }

    private static String purpose(BatchRow row) {
        return "bulk-password:" + row.batchId() + ":" + row.line();
    }
}
