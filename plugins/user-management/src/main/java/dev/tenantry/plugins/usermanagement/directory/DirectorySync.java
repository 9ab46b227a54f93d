package dev.tenantry.plugins.usermanagement.directory;

import com.microsoft.graph.models.DirectoryRole;
import com.microsoft.graph.models.DirectoryRoleCollectionResponse;
import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.models.SubscribedSkuCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTasks;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Keeps a tenant's users in step with Entra ID, as Microsoft recommends for directory sync: the first sync reads every
 * user ({@code GET /users}, 999 a page, only the properties the table shows) and takes a delta link
 * ({@code users/delta?$deltatoken=latest}) in the same round trip; later syncs follow the delta link and write only the
 * users that changed, deleted ones as deleted. An expired delta link ({@code 410 Gone}) makes the sync read everything
 * again; users it no longer finds are marked deleted (if Microsoft keeps them in its deleted items) or removed, so
 * nothing is lost or counted twice.
 *
 * <p>What delta does not carry is read by the full sync, which runs again every {@code fullEvery} (a day by default):
 * last sign-ins ({@code signInActivity}) and MFA registration (the registration report), both only with the activity
 * scope set and Entra ID P1. Directory roles and subscriptions are small and read with every sync, in the same batch
 * as the first page, so a sync of a tenant of N users takes about N / 999 round trips, whatever it reads.
 *
 * <p>Pages are written as they are read, a page in one transaction, so a tenant of any size is never held in memory:
 * while one page is written the next is asked for beside it ({@link PluginTasks}), two pages at most in hand. One sync
 * of a tenant runs at a time, on any server (a claim).
 */
public final class DirectorySync {

    /** The user properties read, for the table and the user page. */
    static final List<String> SELECT = List.of("id", "displayName", "userPrincipalName", "mail", "accountEnabled",
            "userType", "department", "jobTitle", "usageLocation", "createdDateTime", "assignedLicenses",
            "onPremisesSyncEnabled");
    static final String SIGN_IN_ACTIVITY = "signInActivity";
    /** Microsoft's largest page of users. */
    static final int PAGE = 999;
    /** How many batches a throttled request may go in before the sync gives its place back. */
    private static final int ROUNDS = 3;
    private static final Duration LEASE = Duration.ofHours(2);
    /** How long a tenant found without Entra ID P1 is not asked for its sign-in activity again. */
    static final Duration LICENCE_RECHECK = Duration.ofDays(7);
    /** Microsoft's answer to sign-in activity in a tenant without Entra ID P1. */
    private static final String NOT_PREMIUM = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
    /** Graph's error body for any status, as the SDK's request builders map it. */
    private static final HashMap<String, ParsableFactory<? extends Parsable>> ERRORS = new HashMap<>(Map.of("XXX",
            ODataError::createFromDiscriminatorValue));

    private final GraphAccess graph;
    private final UserStore store;
    private final PluginClaims claims;
    private final PluginTasks tasks;
    private final Clock clock;
    private final Duration fullEvery;

    public DirectorySync(GraphAccess graph, UserStore store, PluginClaims claims, PluginTasks tasks, Clock clock,
            Duration fullEvery) {
        this.graph = graph;
        this.store = store;
        this.claims = claims;
        this.tasks = tasks;
        this.clock = clock;
        this.fullEvery = fullEvery;
    }

    /**
     * Syncs a tenant: in full when it never was, when {@code full} is asked, when the last full read is older than
     * {@code fullEvery}, or when Microsoft no longer knows the delta link; else by delta. Nothing is thrown for what a
     * tenant lacks (consent, Microsoft being unavailable): the state says so, and the next sync tries again.
     *
     * @return the tenant's sync state after it; the state before when another sync of the tenant runs now
     */
    public SyncState sync(String tenantId, boolean full) throws Exception {
        Optional<SyncState> ran = claims.exclusively(tenantId, "sync", LEASE, () -> run(tenantId, full));
        return ran.orElseGet(() -> store.state(tenantId));
    }

    private SyncState run(String tenantId, boolean full) throws Exception {
        SyncState before = store.state(tenantId);
        Instant now = clock.instant();
        SyncState after;
        try {
            boolean due = full || before.deltaLink() == null || before.lastFullAt() == null
                    || before.lastFullAt().plus(fullEvery).isBefore(now);
            if (due) {
                after = readAll(tenantId, now, before);
            } else {
                Optional<SyncState> delta = readChanges(tenantId, before, now);
                after = delta.isPresent() ? delta.get() : readAll(tenantId, now, before);
            }
        } catch (ConsentRequiredException e) {
            after = before.attempted(now, SyncState.Outcome.CONSENT_REQUIRED, "Consent needed: "
                    + String.join(", ", e.missing()));
        } catch (GraphUnavailableException e) {
            after = before.attempted(now, SyncState.Outcome.UNAVAILABLE, "Microsoft Graph is unavailable now; the next "
                    + "sync tries again" + e.retryAfter().map(wait -> " (asked to wait " + wait.toSeconds() + " s)")
                    .orElse(""));
        } catch (ODataError e) {
            after = before.attempted(now, SyncState.Outcome.FAILED, "Microsoft Graph answered "
                    + e.getResponseStatusCode() + ": " + (e.getError() == null ? e.getMessage()
                    : e.getError().getMessage()));
        }
        store.saveState(tenantId, after);
        return after;
    }

    /**
     * Reads every user, page by page, with roles, subscriptions, deleted users and, when the activity scope set is
     * granted, sign-in activity and MFA registration. Microsoft refuses sign-in activity in a tenant without Entra ID
     * P1, and only says so when asked: then the users alone are asked for again (the rest of the first batch stands),
     * and the tenant is not asked for its activity again until {@link #LICENCE_RECHECK} has passed.
     */
    private SyncState readAll(String tenantId, Instant now, SyncState before) throws Exception {
        boolean granted = graph.consent(tenantId, UserIds.ACTIVITY_SCOPES).granted();
        boolean knownUnlicensed = before.unlicensed() && before.activityCheckedAt() != null
                && before.activityCheckedAt().plus(LICENCE_RECHECK).isAfter(now);
        boolean ask = granted && !knownUnlicensed;
        List<String> scopeSets = ask ? List.of(UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES)
                : List.of(UserIds.DIRECTORY_SCOPES);
        return graph.call(tenantId, scopeSets, client -> {
            String base = client.getRequestAdapter().getBaseUrl();
            Map<String, RequestInformation> first = new LinkedHashMap<>();
            first.put("users", usersRequest(client, ask));
            first.put("latest", GraphBatch.get(base + "/users/delta?$deltatoken=latest&$select="
                    + String.join(",", SELECT)));
            first.put("deleted", client.directory().deletedItems().graphUser().toGetRequestInformation(request -> {
                request.queryParameters.select = SELECT.toArray(String[]::new);
                request.queryParameters.top = PAGE;
            }));
            addSmallReads(client, first);
            if (ask) {
                first.put("registration", client.reports().authenticationMethods().userRegistrationDetails()
                        .toGetRequestInformation(request -> request.queryParameters.top = PAGE));
            }
            Map<String, GraphBatch.Answer> answers = new LinkedHashMap<>(GraphBatch.send(client, first, ROUNDS));
            boolean unlicensed = ask && notPremium(answers.get("users"));
            if (unlicensed) {
                answers.putAll(GraphBatch.send(client, Map.of("users", usersRequest(client, false)), ROUNDS));
            }
            boolean activity = ask && !unlicensed;
            Directory directory = directory(tenantId, answers);
            String deltaLink = answers.get("latest").orThrow().body(ProjectionPage.of(SyncedUser::create))
                    .getOdataDeltaLink();
            GraphBatch.Pages<SyncedUser> users = GraphBatch.pages(answers.get("users").orThrow(),
                    ProjectionPage.of(SyncedUser::create), ProjectionPage::getValue);
            GraphBatch.Pages<SyncedUser> deleted = GraphBatch.pages(answers.get("deleted").orThrow(),
                    ProjectionPage.of(SyncedUser::create), ProjectionPage::getValue);
            GraphBatch.Pages<SyncedRegistration> registration = null;
            if (activity && answers.get("registration").succeeded()) {
                registration = GraphBatch.pages(answers.get("registration"),
                        ProjectionPage.of(SyncedRegistration::create), ProjectionPage::getValue);
            }
            Registrations registrations = new Registrations();
            long written = 0;
            // The ids read, to remove afterwards the users Microsoft no longer has (one tenant's ids, not its users)
            Set<String> seen = new HashSet<>();
            List<GraphBatch.Pages<?>> reading = new ArrayList<>(List.of(users, deleted));
            if (registration != null) {
                reading.add(registration);
            }
            boolean more;
            do {
                if (registration != null) {
                    registration.drain().forEach(registrations::add);
                }
                List<ManagedUser> page = new ArrayList<>();
                for (SyncedUser user : users.drain()) {
                    page.add(registrations.apply(directory.user(user, null, activity, now)));
                }
                for (SyncedUser user : deleted.drain()) {
                    page.add(directory.user(user, instant(user.getDeletedDateTime(), now), false, now));
                }
                // The next pages are asked for while this one is written: a tenant's sync then takes about its round
                // trips to Microsoft, not the round trips and the writing one after the other
                Future<Boolean> next = tasks.beside(() -> GraphBatch.next(client, reading, ROUNDS));
                for (int from = 0; from < page.size(); from += PluginRecords.MAX_PUTS) {
                    store.putAll(tenantId, page.subList(from, Math.min(page.size(), from + PluginRecords.MAX_PUTS)));
                }
                page.forEach(user -> seen.add(user.id()));
                written += page.size();
                registrations.late(tenantId, store);
                more = result(next);
            } while (more);
            users.items();
            deleted.items();
            sweep(tenantId, seen);
            SyncState.Activity found;
            Instant checked = now;
            if (!granted) {
                found = SyncState.Activity.NOT_GRANTED;
                checked = before.activityCheckedAt();
            } else if (!ask) {
                found = SyncState.Activity.NOT_LICENSED;
                checked = before.activityCheckedAt();
            } else if (activity && registration != null) {
                found = SyncState.Activity.AVAILABLE;
            } else {
                found = SyncState.Activity.NOT_LICENSED;
                // Only Microsoft's refusal of sign-in activity says the tenant lacks the licence; a registration
                // report refused alone (a role the account lacks) is asked for again at the next full read
                checked = unlicensed ? now : null;
            }
            return new SyncState(deltaLink, now, now, now, SyncState.Outcome.SYNCED.name(), "Read " + written
                    + " user(s) in full", written, found.name(), checked);
        });
    }

    /** The first page of users, with the properties the table and the user page show (and last sign-ins). */
    private static RequestInformation usersRequest(GraphServiceClient client, boolean activity) {
        List<String> select = new ArrayList<>(SELECT);
        if (activity) {
            select.add(SIGN_IN_ACTIVITY);
        }
        return client.users().toGetRequestInformation(request -> {
            request.queryParameters.select = select.toArray(String[]::new);
            request.queryParameters.top = PAGE;
        });
    }

    /**
     * Follows the delta link: changed users written, deleted ones marked; roles and subscriptions read again in the
     * first page's batch.
     *
     * @return empty when Microsoft no longer knows the link (410): read everything instead
     */
    private Optional<SyncState> readChanges(String tenantId, SyncState before, Instant now) throws Exception {
        boolean activity = SyncState.Activity.AVAILABLE.name().equals(before.activity());
        return graph.call(tenantId, UserIds.DIRECTORY_SCOPES, client -> {
            Map<String, RequestInformation> first = new LinkedHashMap<>();
            RequestInformation delta = GraphBatch.get(before.deltaLink());
            delta.headers.tryAdd("Prefer", "odata.maxpagesize=" + PAGE);
            first.put("delta", delta);
            addSmallReads(client, first);
            Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, first, ROUNDS);
            if (answers.get("delta").status() == 410) {
                return Optional.<SyncState>empty();
            }
            Directory directory = directory(tenantId, answers);
            ProjectionPage<SyncedUser> page = answers.get("delta").orThrow()
                    .body(ProjectionPage.of(SyncedUser::create));
            long changed = 0;
            while (true) {
                changed += apply(tenantId, directory, page.getValue(), activity, now);
                if (page.getOdataNextLink() == null) {
                    break;
                }
                try {
                    page = client.getRequestAdapter().send(client.users().delta().withUrl(page.getOdataNextLink())
                            .toGetRequestInformation(request -> request.headers.tryAdd("Prefer",
                                    "odata.maxpagesize=" + PAGE)), ERRORS, ProjectionPage.of(SyncedUser::create));
                } catch (ODataError e) {
                    if (e.getResponseStatusCode() == 410) {
                        return Optional.<SyncState>empty();
                    }
                    throw e;
                }
            }
            directory.reconcileAdministrators(tenantId);
            return Optional.of(new SyncState(page.getOdataDeltaLink(), before.lastFullAt(), now, now,
                    SyncState.Outcome.SYNCED.name(), changed == 0 ? "No change since the last sync"
                    : changed + " change(s) read", before.users(), before.activity(), before.activityCheckedAt()));
        });
    }

    /** Writes a page of delta changes; returns how many. */
    private long apply(String tenantId, Directory directory, List<SyncedUser> changes, boolean activity,
            Instant now) {
        if (changes == null) {
            return 0;
        }
        List<ManagedUser> page = new ArrayList<>();
        for (SyncedUser change : changes) {
            Optional<ManagedUser> stored = store.get(tenantId, change.getId());
            String removed = removedReason(change);
            if ("deleted".equalsIgnoreCase(removed)) {
                // Gone for good (purged or hard-deleted): nothing to restore any more
                store.remove(tenantId, change.getId());
            } else if (removed != null) {
                stored.ifPresent(user -> page.add(user.deletedAt(now)));
            } else {
                ManagedUser read = directory.user(change, null, false, now);
                page.add(stored.map(user -> merge(user, read, change)).orElse(read));
            }
        }
        for (int from = 0; from < page.size(); from += PluginRecords.MAX_PUTS) {
            store.putAll(tenantId, page.subList(from, Math.min(page.size(), from + PluginRecords.MAX_PUTS)));
        }
        return changes.size();
    }

    /**
     * A changed user: Microsoft's delta carries at least the properties that changed; what it left out is kept, and
     * what delta never carries (sign-in activity, MFA registration) too.
     */
    private static ManagedUser merge(ManagedUser stored, ManagedUser read, SyncedUser change) {
        return new ManagedUser(stored.id(), or(read.displayName(), stored.displayName()),
                or(read.userPrincipalName(), stored.userPrincipalName()), or(read.mail(), stored.mail()),
                change.getAccountEnabled() == null ? stored.accountEnabled() : read.accountEnabled(),
                or(read.userType(), stored.userType()), or(read.department(), stored.department()),
                or(read.jobTitle(), stored.jobTitle()), or(read.usageLocation(), stored.usageLocation()),
                or(read.createdAt(), stored.createdAt()),
                change.getAssignedLicenses() == null ? stored.licences() : read.licences(), read.roles(),
                stored.mfaRegistered(), stored.methodsRegistered(), stored.lastSignIn(),
                change.getOnPremisesSyncEnabled() == null ? stored.onPremisesSynced() : read.onPremisesSynced(), null);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Removes the users a full sync did not read: neither among the tenant's users nor among its deleted items (a
     * user deleted more than 30 days ago, or for good), however they were stored before. Every user read was written,
     * so when the tenant holds as many users as were read there is nothing to remove (one count, the usual case);
     * otherwise its ids are read a page at a time and the others removed.
     */
    private void sweep(String tenantId, Set<String> seen) {
        if (store.count(tenantId) <= seen.size()) {
            return;
        }
        List<String> gone = new ArrayList<>();
        List<String> page;
        int first = 0;
        do {
            page = store.ids(tenantId, first, PluginRecords.PAGE);
            page.stream().filter(id -> !seen.contains(id)).forEach(gone::add);
            first += page.size();
        } while (page.size() == PluginRecords.PAGE);
        gone.forEach(id -> store.remove(tenantId, id));
    }

    /** Subscriptions, role assignments and activated roles: a request each, in the first page's batch. */
    private static void addSmallReads(GraphServiceClient client, Map<String, RequestInformation> requests) {
        requests.put("skus", client.subscribedSkus().toGetRequestInformation(request -> request.queryParameters
                .select = new String[] {"skuId", "skuPartNumber", "prepaidUnits", "consumedUnits"}));
        requests.put("assignments", client.roleManagement().directory().roleAssignments()
                .toGetRequestInformation(request -> request.queryParameters.select = new String[] {"principalId",
                        "roleDefinitionId", "directoryScopeId"}));
        requests.put("roles", client.directoryRoles().toGetRequestInformation(request -> request.queryParameters
                .select = new String[] {"displayName", "roleTemplateId"}));
    }

    /** Reads the small answers: subscriptions (kept), and who holds which role. */
    private Directory directory(String tenantId, Map<String, GraphBatch.Answer> answers) throws Exception {
        List<UserStore.Subscription> skus = new ArrayList<>();
        for (SubscribedSku sku : all(answers.get("skus").orThrow().body(
                SubscribedSkuCollectionResponse::createFromDiscriminatorValue).getValue())) {
            long enabled = sku.getPrepaidUnits() == null || sku.getPrepaidUnits().getEnabled() == null ? 0
                    : sku.getPrepaidUnits().getEnabled();
            skus.add(new UserStore.Subscription(String.valueOf(sku.getSkuId()), sku.getSkuPartNumber(),
                    Skus.name(sku.getSkuPartNumber()), enabled, sku.getConsumedUnits() == null ? 0
                    : sku.getConsumedUnits()));
        }
        UserStore.Subscriptions subscriptions = new UserStore.Subscriptions(skus);
        store.saveSubscriptions(tenantId, subscriptions);
        Map<String, String> roleNames = new HashMap<>();
        for (DirectoryRole role : all(answers.get("roles").orThrow().body(
                DirectoryRoleCollectionResponse::createFromDiscriminatorValue).getValue())) {
            roleNames.put(role.getRoleTemplateId(), role.getDisplayName());
        }
        Map<String, List<String>> rolesOf = new HashMap<>();
        for (UnifiedRoleAssignment assignment : all(answers.get("assignments").orThrow().body(
                UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue).getValue())) {
            String name = roleNames.getOrDefault(assignment.getRoleDefinitionId(), assignment.getRoleDefinitionId());
            rolesOf.computeIfAbsent(assignment.getPrincipalId(), any -> new ArrayList<>()).add(name);
        }
        rolesOf.values().forEach(list -> list.sort(null));
        return new Directory(subscriptions.names(), rolesOf);
    }

    /**
     * What a task beside the sync came to: its result, or what it threw (a read of the next pages refused or
     * throttled ends the sync as if it had been read here).
     */
    private static <T> T result(Future<T> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static <T> List<T> all(List<T> items) {
        return items == null ? List.of() : items;
    }

    /** The tenant's licence names and role holders, to make each user read into what is stored. */
    private final class Directory {

        private final Map<String, String> skuNames;
        private final Map<String, List<String>> rolesOf;

        Directory(Map<String, String> skuNames, Map<String, List<String>> rolesOf) {
            this.skuNames = skuNames;
            this.rolesOf = rolesOf;
        }

        ManagedUser user(SyncedUser user, Instant deletedAt, boolean activity, Instant now) {
            List<ManagedUser.Licence> licences = new ArrayList<>();
            if (user.getAssignedLicenses() != null) {
                user.getAssignedLicenses().forEach(licence -> {
                    String skuId = licence.getSkuId();
                    licences.add(new ManagedUser.Licence(skuId, skuNames.getOrDefault(skuId, skuId)));
                });
            }
            Instant lastSignIn = null;
            if (activity) {
                lastSignIn = ManagedUser.NEVER;
                if (user.getSignInActivity() != null) {
                    lastSignIn = latest(user.getSignInActivity().getLastSignInDateTime(),
                            user.getSignInActivity().getLastNonInteractiveSignInDateTime());
                }
            }
            return new ManagedUser(user.getId(), user.getDisplayName(), user.getUserPrincipalName(), user.getMail(),
                    Boolean.TRUE.equals(user.getAccountEnabled()), user.getUserType(), user.getDepartment(),
                    user.getJobTitle(), user.getUsageLocation(), instant(user.getCreatedDateTime(), null), licences,
                    rolesOf.getOrDefault(user.getId(), List.of()), null, null, lastSignIn,
                    Boolean.TRUE.equals(user.getOnPremisesSyncEnabled()), deletedAt);
        }

        /**
         * After a delta sync, the users whose roles changed without their profile changing: those stored as
         * administrators who no longer are, and those who hold a role now and are stored otherwise. Administrators are
         * few: they are read first, then written.
         */
        void reconcileAdministrators(String tenantId) {
            Map<String, ManagedUser> stored = new HashMap<>();
            List<UserStore.Found> page;
            int first = 0;
            do {
                page = store.administrators(tenantId, first, PluginRecords.PAGE);
                page.forEach(found -> stored.put(found.user().id(), found.user()));
                first += page.size();
            } while (page.size() == PluginRecords.PAGE);
            stored.forEach((userId, user) -> {
                List<String> now = rolesOf.getOrDefault(userId, List.of());
                if (!now.equals(user.roles())) {
                    store.put(tenantId, user.withRoles(now));
                }
            });
            rolesOf.forEach((userId, roles) -> {
                if (!stored.containsKey(userId)) {
                    store.get(tenantId, userId).filter(user -> !user.roles().equals(roles))
                            .ifPresent(user -> store.put(tenantId, user.withRoles(roles)));
                }
            });
        }
    }

    /**
     * MFA registration read beside the users, in pages that need not line up with theirs: a registration waits for
     * its user, and a user written before their registration came is written again once it does.
     */
    private static final class Registrations {

        private final Map<String, SyncedRegistration> waiting = new HashMap<>();
        private final Map<String, ManagedUser> writtenWithout = new HashMap<>();

        void add(SyncedRegistration details) {
            waiting.put(details.getId(), details);
        }

        ManagedUser apply(ManagedUser user) {
            SyncedRegistration details = waiting.remove(user.id());
            if (details == null) {
                writtenWithout.put(user.id(), user);
                return user;
            }
            return with(user, details);
        }

        /** Writes again the users written before their registration came, now that it has. */
        void late(String tenantId, UserStore store) {
            List<ManagedUser> again = new ArrayList<>();
            for (String id : new ArrayList<>(writtenWithout.keySet())) {
                SyncedRegistration details = waiting.remove(id);
                if (details != null) {
                    again.add(with(writtenWithout.remove(id), details));
                }
            }
            for (int from = 0; from < again.size(); from += PluginRecords.MAX_PUTS) {
                store.putAll(tenantId, again.subList(from, Math.min(again.size(), from + PluginRecords.MAX_PUTS)));
            }
        }

        private static ManagedUser with(ManagedUser user, SyncedRegistration details) {
            return user.withRegistration(details.getIsMfaRegistered(), details.getMethodsRegistered());
        }
    }

    /** Why delta lists a user as removed ({@code changed}: soft-deleted; {@code deleted}: gone); null if not. */
    static String removedReason(SyncedUser user) {
        Object removed = user.getAdditionalData() == null ? null : user.getAdditionalData().get("@removed");
        if (removed == null) {
            return null;
        }
        if (removed instanceof UntypedObject object) {
            UntypedNode reason = object.getValue().get("reason");
            return reason instanceof UntypedString text ? text.getValue() : "changed";
        }
        if (removed instanceof Map<?, ?> map) {
            return Objects.toString(map.get("reason"), "changed");
        }
        return "changed";
    }

    private static boolean notPremium(GraphBatch.Answer answer) {
        if (answer.status() != 403) {
            return false;
        }
        try {
            answer.orThrow();
            return false;
        } catch (ODataError e) {
            return e.getError() != null && NOT_PREMIUM.equals(e.getError().getCode());
        } catch (Exception e) {
            return false;
        }
    }

    private static Instant latest(OffsetDateTime a, OffsetDateTime b) {
        Instant first = a == null ? null : a.toInstant();
        Instant second = b == null ? null : b.toInstant();
        if (first == null && second == null) {
            return ManagedUser.NEVER;
        }
        if (first == null || second != null && second.isAfter(first)) {
            return second;
        }
        return first;
    }

    private static Instant instant(OffsetDateTime at, Instant fallback) {
        return at == null ? fallback : at.toInstant();
    }
}
