package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.Domain;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates a user, from a template or as a copy of another: everything Microsoft would refuse is checked first and said
 * in one list (required properties, a domain the tenant has verified, a user principal name nobody holds, a usage
 * location before any licence, free licences, every scope set the creation needs granted), then the user is created
 * with a generated password that must be changed at the first sign-in, given the licences in one assignment and added
 * to the groups; what could not be done after the user exists (a group Microsoft refused) is said, not hidden. The
 * password is shown once and, when asked, mailed from the integration account or through Tenantry's mail server;
 * never kept.
 */
public final class UserCreation {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._'-]{0,63}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final GraphAccess graph;
    private final UserStore store;
    private final History history;
    private final PluginAudit audit;
    private final PortalUser person;
    private final Clock clock;
    private final PasswordMailer mailer;

    /** Creation that mails no password through Tenantry's mail server (a CSV import gives its passwords once). */
    public UserCreation(GraphAccess graph, UserStore store, History history, PluginAudit audit, PortalUser person,
            Clock clock) {
        this(graph, null, store, history, audit, person, clock);
    }

    /** Creation that may mail the new password through Tenantry's mail server ({@code notifications}) too. */
    public UserCreation(GraphAccess graph, PluginNotifications notifications, UserStore store, History history,
            PluginAudit audit, PortalUser person, Clock clock) {
        this.graph = graph;
        this.store = store;
        this.history = history;
        this.audit = audit;
        this.person = person;
        this.clock = clock;
        this.mailer = new PasswordMailer(graph, notifications, history, audit, person, clock);
    }

    /** A group a new user joins. */
    public record GroupRef(String id, String name) implements Serializable {
    }

    /**
     * The new user as the form filled it.
     *
     * @param skuIds    the licences to assign, by SKU id
     * @param mailTo    where to mail the password; blank: nowhere
     * @param mailRoute how to mail it; the integration account when null
     * @param source    where it came from, for the history: {@code template Sales} or {@code copy of adele@…}
     */
    public record NewUser(String givenName, String surname, String displayName, String username, String domain,
            String usageLocation, String department, String jobTitle, String companyName, List<String> skuIds,
            List<GroupRef> groups, String mailTo, MailRoute mailRoute, String source) implements Serializable {

        public NewUser {
            skuIds = skuIds == null ? List.of() : List.copyOf(skuIds);
            groups = groups == null ? List.of() : List.copyOf(groups);
            mailRoute = mailRoute == null ? MailRoute.INTEGRATION_ACCOUNT : mailRoute;
        }

        /** Whether the password is to be mailed. */
        boolean mailed() {
            return mailTo != null && !mailTo.isBlank();
        }

        public String userPrincipalName() {
            return (username == null ? "" : username.strip()) + "@" + (domain == null ? "" : domain.strip());
        }
    }

    /** What a creation came to, and the new user's id when there is one. */
    public record Created(UserActions.Outcome outcome, String userId) {
    }

    /** Creates the user, or says every reason it cannot be yet. */
    public Created create(String tenantId, NewUser asked) {
        if (!person.holds(UserIds.CREATE, tenantId)) {
            return refused("You may not create users in this tenant (it needs " + UserIds.CREATE + ").");
        }
        Optional<String> consent = consentFirst(tenantId, asked);
        if (consent.isPresent()) {
            return new Created(new UserActions.Outcome(false, "Creating this user needs the scope set "
                    + consent.get() + " granted first; nothing was created.", consent.get(), ""), null);
        }
        List<String> problems = problems(tenantId, asked);
        if (problems.isEmpty()) {
            try {
                problems.addAll(checkAtMicrosoft(tenantId, asked));
            } catch (Exception e) {
                return refused(said(e));
            }
        }
        if (!problems.isEmpty()) {
            return refused(String.join(" ", problems));
        }
        String password = Passwords.generate();
        User created;
        try {
            created = graph.call(tenantId, UserIds.CREATE_SCOPES, MicrosoftRefusedException.caught(
                    client -> client.users().post(user(asked, password))));
        } catch (MicrosoftRefusedException e) {
            return refused(ActionSteps.refusal(e));
        } catch (Exception e) {
            return refused(said(e));
        }
        List<String> done = new ArrayList<>(List.of("Created " + created.getUserPrincipalName()));
        List<String> failed = new ArrayList<>();
        List<ManagedUser.Licence> licences = assignLicences(tenantId, created.getId(), asked.skuIds(), done, failed);
        addToGroups(tenantId, created.getId(), asked.groups(), done, failed);
        ManagedUser stored = new ManagedUser(created.getId(), asked.displayName().strip(),
                created.getUserPrincipalName(), null, true, "Member", blank(asked.department()),
                blank(asked.jobTitle()), upper(asked.usageLocation()), clock.instant(), licences, List.of(), false,
                List.of(), ManagedUser.NEVER, false, null);
        store.put(tenantId, stored);
        String summary = String.join("; ", done) + (failed.isEmpty() ? "" : ". Not done: " + String.join("; ",
                failed));
        history.add(tenantId, new History.Change(created.getId(), clock.instant(), person.userPrincipalName(),
                "create-user", failed.isEmpty() ? "done" : "partly done", summary + (asked.source() == null
                || asked.source().isBlank() ? "" : " (" + asked.source() + ")")));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("user", created.getUserPrincipalName());
        details.put("source", asked.source() == null ? "" : asked.source());
        details.put("outcome", summary);
        audit.record("create-user", tenantId, created.getUserPrincipalName(), details);
        String message = summary;
        if (asked.mailed()) {
            message = message + ". " + mailer.mail(tenantId, stored, asked.mailTo().strip(), password,
                    asked.mailRoute(), true);
        }
        return new Created(new UserActions.Outcome(true, message, "", password), created.getId());
    }

    /** The first scope set the creation needs that the tenant has not granted, if any. */
    private Optional<String> consentFirst(String tenantId, NewUser asked) {
        List<String> needed = new ArrayList<>(List.of(UserIds.CREATE_SCOPES));
        if (!asked.skuIds().isEmpty()) {
            needed.add(UserIds.LICENCE_SCOPES);
        }
        if (!asked.groups().isEmpty()) {
            needed.add(UserIds.GROUP_SCOPES);
        }
        if (asked.mailed() && asked.mailRoute() == MailRoute.INTEGRATION_ACCOUNT) {
            needed.add(UserIds.MAIL_SCOPES);
        }
        return needed.stream().filter(set -> !graph.consent(tenantId, set).granted()).findFirst();
    }

    /** What is wrong with the form, without asking Microsoft. */
    public List<String> problems(String tenantId, NewUser asked) {
        List<String> problems = new ArrayList<>();
        if (asked.displayName() == null || asked.displayName().isBlank() || asked.displayName().length() > 256) {
            problems.add("A display name is required (at most 256 characters).");
        }
        if (asked.username() == null || !USERNAME.matcher(asked.username().strip()).matches()) {
            problems.add("The user name (before the @) is 1 to 64 letters, digits, dots, dashes, underscores or "
                    + "apostrophes, starting with a letter or digit.");
        }
        if (asked.domain() == null || asked.domain().isBlank()) {
            problems.add("Choose a domain of the tenant.");
        }
        String location = upper(asked.usageLocation());
        if (location != null && !COUNTRY.matcher(location).matches()) {
            problems.add("The usage location is a two-letter country code (GB, US, DE…).");
        }
        if (!asked.skuIds().isEmpty() && location == null) {
            problems.add("Licences need a usage location: Microsoft assigns none to a user without one.");
        }
        Map<String, UserStore.Subscription> skus = new LinkedHashMap<>();
        store.subscriptions(tenantId).skus().forEach(sku -> skus.put(sku.skuId().toLowerCase(Locale.ROOT), sku));
        for (String skuId : asked.skuIds()) {
            UserStore.Subscription sku = skus.get(skuId.toLowerCase(Locale.ROOT));
            if (sku == null) {
                problems.add("The tenant has no subscription " + skuId + ".");
            } else if (sku.available() <= 0) {
                problems.add("No " + sku.name() + " licence is free (" + sku.consumed() + " of " + sku.enabled()
                        + " assigned).");
            }
        }
        if (asked.mailed() && !UserActions.ADDRESS.matcher(asked.mailTo().strip()).matches()) {
            problems.add("'" + asked.mailTo().strip() + "' is not a mail address.");
        }
        if (asked.mailed()) {
            mailer.unavailable(asked.mailRoute()).ifPresent(reason -> problems.add(reason + "."));
        }
        return problems;
    }

    /** The domain is one the tenant verified, and nobody holds the user principal name. */
    private List<String> checkAtMicrosoft(String tenantId, NewUser asked) throws Exception {
        String upn = asked.userPrincipalName();
        return graph.call(tenantId, UserIds.CREATE_SCOPES, client -> {
            List<String> problems = new ArrayList<>();
            List<Domain> domains = client.domains().get().getValue();
            List<String> verified = (domains == null ? List.<Domain>of() : domains).stream()
                    .filter(domain -> Boolean.TRUE.equals(domain.getIsVerified())).map(Domain::getId).toList();
            if (verified.stream().noneMatch(domain -> domain.equalsIgnoreCase(asked.domain().strip()))) {
                problems.add("'" + asked.domain().strip() + "' is not a verified domain of this tenant (verified: "
                        + String.join(", ", verified) + ").");
                return problems;
            }
            try {
                User holder = client.users().byUserId(upn).get(request -> request.queryParameters.select =
                        new String[] {"id", "displayName"});
                problems.add(upn + " is taken (by " + holder.getDisplayName() + ").");
            } catch (ODataError e) {
                if (e.getResponseStatusCode() != 404) {
                    throw e;
                }
            }
            return problems;
        });
    }

    private static User user(NewUser asked, String password) {
        User user = new User();
        user.setAccountEnabled(true);
        user.setDisplayName(asked.displayName().strip());
        user.setGivenName(blank(asked.givenName()));
        user.setSurname(blank(asked.surname()));
        user.setMailNickname(asked.username().strip());
        user.setUserPrincipalName(asked.userPrincipalName());
        user.setUsageLocation(upper(asked.usageLocation()));
        user.setDepartment(blank(asked.department()));
        user.setJobTitle(blank(asked.jobTitle()));
        user.setCompanyName(blank(asked.companyName()));
        PasswordProfile profile = new PasswordProfile();
        profile.setPassword(password);
        profile.setForceChangePasswordNextSignIn(true);
        user.setPasswordProfile(profile);
        return user;
    }

    private List<ManagedUser.Licence> assignLicences(String tenantId, String userId, List<String> skuIds,
            List<String> done, List<String> failed) {
        if (skuIds.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = store.subscriptions(tenantId).names();
        List<ManagedUser.Licence> assigned = skuIds.stream().map(id -> new ManagedUser.Licence(id,
                names.getOrDefault(id, id))).toList();
        try {
            graph.call(tenantId, UserIds.LICENCE_SCOPES, MicrosoftRefusedException.caught(client -> {
                AssignLicensePostRequestBody body = new AssignLicensePostRequestBody();
                body.setAddLicenses(skuIds.stream().map(id -> {
                    AssignedLicense licence = new AssignedLicense();
                    licence.setSkuId(UUID.fromString(id));
                    licence.setDisabledPlans(List.of());
                    return licence;
                }).toList());
                body.setRemoveLicenses(List.of());
                return client.users().byUserId(userId).assignLicense().post(body);
            }));
            skuIds.forEach(id -> store.consumed(tenantId, id, 1));
            done.add("licences " + String.join(", ", assigned.stream().map(ManagedUser.Licence::name).toList()));
            return assigned;
        } catch (Exception e) {
            failed.add("licences (" + said(e) + ")");
            return List.of();
        }
    }

    private void addToGroups(String tenantId, String userId, List<GroupRef> groups, List<String> done,
            List<String> failed) {
        List<String> added = new ArrayList<>();
        for (GroupRef group : groups) {
            try {
                graph.call(tenantId, UserIds.GROUP_SCOPES, MicrosoftRefusedException.caught(client -> {
                    ReferenceCreate member = new ReferenceCreate();
                    member.setOdataId(client.getRequestAdapter().getBaseUrl() + "/directoryObjects/" + userId);
                    client.groups().byGroupId(group.id()).members().ref().post(member);
                    return null;
                }));
                added.add(group.name());
            } catch (Exception e) {
                failed.add("group " + group.name() + " (" + said(e) + ")");
            }
        }
        if (!added.isEmpty()) {
            done.add("groups " + String.join(", ", added));
        }
    }

    /**
     * Groups of a tenant by their names (a template names groups, not ids), the assigned ones only: a dynamic group's
     * members are Microsoft's rule's to choose. Names not found are left out; the caller says which.
     */
    public List<GroupRef> groupsNamed(String tenantId, List<String> names) throws Exception {
        List<GroupRef> found = new ArrayList<>();
        for (String name : names) {
            String quoted = name.replace("'", "''");
            List<Group> matches = graph.call(tenantId, UserIds.DIRECTORY_SCOPES, client -> client.groups().get(
                    request -> {
                        request.queryParameters.filter = "displayName eq '" + quoted + "'";
                        request.queryParameters.select = new String[] {"id", "displayName", "groupTypes"};
                    }).getValue());
            (matches == null ? List.<Group>of() : matches).stream().filter(UserCreation::assigned).findFirst()
                    .ifPresent(group -> found.add(new GroupRef(group.getId(), group.getDisplayName())));
        }
        return found;
    }

    /** The assigned groups a user belongs to, to copy. */
    public List<GroupRef> groupsOf(String tenantId, String userId) throws Exception {
        List<com.microsoft.graph.models.DirectoryObject> memberships = graph.call(tenantId, UserIds.DIRECTORY_SCOPES,
                client -> client.users().byUserId(userId).memberOf().get(request -> request.queryParameters.top = 100)
                        .getValue());
        List<GroupRef> groups = new ArrayList<>();
        for (com.microsoft.graph.models.DirectoryObject object : memberships == null
                ? List.<com.microsoft.graph.models.DirectoryObject>of() : memberships) {
            if (object instanceof Group group && assigned(group)) {
                groups.add(new GroupRef(group.getId(), group.getDisplayName()));
            }
        }
        return groups;
    }

    private static boolean assigned(Group group) {
        return group.getGroupTypes() == null || !group.getGroupTypes().contains("DynamicMembership");
    }

    private Created refused(String message) {
        return new Created(UserActions.Outcome.refused(message), null);
    }

    private static String said(Exception e) {
        if (e instanceof ConsentRequiredException consent) {
            return "consent needed for " + consent.scopeSetId();
        }
        if (e instanceof GraphUnavailableException) {
            return "Microsoft Graph is unavailable now; try again in a minute";
        }
        if (e instanceof ODataError error) {
            return "Microsoft refused (HTTP " + error.getResponseStatusCode() + "): " + (error.getError() == null
                    ? error.getMessage() : error.getError().getMessage());
        }
        return e.getMessage();
    }

    private static String upper(String text) {
        return text == null || text.isBlank() ? null : text.strip().toUpperCase(Locale.ROOT);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
