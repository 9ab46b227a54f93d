package dev.tenantry.plugins.threatalerts.alerts;

import com.microsoft.graph.models.RiskDetection;
import com.microsoft.graph.models.RiskDetectionCollectionResponse;
import com.microsoft.graph.models.RiskyUserCollectionResponse;
import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.models.SubscribedSkuCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Takes in one tenant's new risk detections: those detected since the watermark (less a few minutes, for detections
 * Microsoft files late), every page of them; each becomes an alert once — a detection already taken in is skipped,
 * across polls and restarts — and joins its user's open incident or opens one. The watermark moves only after every
 * page was taken in, so a poll that fails (throttling that outlasts the retries, revoked consent) loses nothing: the
 * next one reads the same detections again and skips those it has. A tenant without Entra ID P2 is "not licensed".
 *
 * <p>The same poll reads the risky users whose risk changed since their own watermark (all of them the first time):
 * each is kept as Microsoft rates it now, for the inbox's users at risk, and a change of risk state (remediated by a
 * password change, dismissed by an administrator in Entra, confirmed compromised) is written on the user's open
 * incident's timeline.
 *
 * <p>A poll is one round trip to Microsoft Graph: the detections and the risky users in one {@code $batch}, in
 * Identity Protection's largest pages (500), their further pages together; the subscriptions go in the same batch only
 * when they were last read a day ago or more. A tenant without Entra ID P2 is not asked again before its
 * subscriptions are read again, a day later; one that lost it since they were read answers the batch with 403, its
 * subscriptions are read again at once, and the poll is "not licensed".
 */
public final class DetectionPoller {

    /** How far back the first poll of a tenant looks. */
    static final Duration FIRST_LOOK_BACK = Duration.ofDays(30);
    /** Detections filed late are still found: each poll reads again from a little before its watermark. */
    static final Duration OVERLAP = Duration.ofMinutes(10);
    private static final Set<String> P2 = Set.of("aad_premium_p2", "spe_e5", "spe_e5_nopstnconf", "emspremium",
            "identity_threat_protection", "m365_e5_suite_components", "microsoft_entra_suite");

    /** How long a poll's claim on its tenant lasts if its server stops mid-poll. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(30);
    /** How long the subscriptions as read are trusted: they change seldom, and a lost licence shows as a 403. */
    static final Duration LICENCE_KEPT = Duration.ofDays(1);
    /** Identity Protection's largest page: "The default page size is 20 objects while the maximum with $top is 500". */
    static final int PAGE = 500;
    /**
     * How many batches a throttled request may go in before the poll fails (and the next one reads it again): as many
     * times as the SDK's retry handler sends a request of its own (once, then three retries).
     */
    private static final int ROUNDS = 4;
    private static final String LICENCES = "licences";
    private static final String DETECTIONS = "detections";
    private static final String RISKY_USERS = "risky-users";

    private final GraphAccess graph;
    private final PluginClaims claims;
    private final ThreatStore store;
    private final Clock clock;
    private final Consumer<Incident> onNewOrWorse;

    /**
     * @param onNewOrWorse told, once a poll took everything in, of each incident it opened or made more severe (for
     *                     routing), once each — or at a later poll, if this one stopped before telling it
     */
    public DetectionPoller(GraphAccess graph, PluginClaims claims, ThreatStore store, Clock clock,
            Consumer<Incident> onNewOrWorse) {
        this.graph = graph;
        this.claims = claims;
        this.store = store;
        this.clock = clock;
        this.onNewOrWorse = onNewOrWorse;
    }

    /**
     * Polls the tenant now, unless it is being polled (by the schedule, someone's "Poll now", another server): two
     * polls at once would both take the same detections in and open two incidents for one user. Returns how it went
     * (also kept as the tenant's poll status, but for a poll skipped so).
     */
    public ThreatStore.PollStatus poll(String tenantId) throws Exception {
        return claims.exclusively(tenantId, "poll", CLAIM_LEASE, () -> pollClaimed(tenantId))
                .orElseGet(() -> new ThreatStore.PollStatus(clock.instant(), ThreatStore.PollStatus.Outcome.OK,
                        "Already being polled; what that poll finds shows when it ends", 0));
    }

    private ThreatStore.PollStatus pollClaimed(String tenantId) throws Exception {
        try {
            Optional<Instant> watermark = store.watermark(tenantId).map(ThreatStore.Watermark::detectedUpTo);
            Instant since = watermark.map(at -> at.minus(OVERLAP)).orElse(clock.instant().minus(FIRST_LOOK_BACK));
            Optional<Instant> usersSince = store.riskyUsersWatermark(tenantId)
                    .map(mark -> mark.detectedUpTo().minus(OVERLAP));
            Optional<ThreatStore.Licence> known = store.licence(tenantId)
                    .filter(licence -> licence.readAt().isAfter(clock.instant().minus(LICENCE_KEPT)));
            Read read = known.isPresent() && !known.get().entraIdP2() ? Read.NOT_LICENSED : graph.call(tenantId,
                    ThreatIds.DETECTION_SCOPES, client -> read(client, since, usersSince, known));
            read.licence().ifPresent(licence -> store.putLicence(tenantId, licence));
            if (!read.licensed()) {
                return status(tenantId, ThreatStore.PollStatus.Outcome.NOT_LICENSED,
                        "Not licensed: Entra ID P2 is needed for risk detections", 0);
            }
            List<RiskDetection> detections = new ArrayList<>(read.detections());
            List<com.microsoft.graph.models.RiskyUser> risky = read.riskyUsers();
            detections.sort(Comparator.comparing(RiskDetection::getDetectedDateTime,
                    Comparator.nullsFirst(Comparator.naturalOrder())));
            int fresh = 0;
            Set<String> toRoute = new HashSet<>();
            Instant upTo = watermark.orElse(since);
            for (RiskDetection detection : detections) {
                Instant detected = detection.getDetectedDateTime() == null ? clock.instant()
                        : detection.getDetectedDateTime().toInstant();
                upTo = detected.isAfter(upTo) ? detected : upTo;
                if (detection.getId() == null || store.alert(tenantId, detection.getId()).isPresent()) {
                    continue;
                }
                take(tenantId, detection, detected, toRoute);
                fresh++;
            }
            Instant usersUpTo = syncRiskyUsers(tenantId, risky);
            store.putWatermark(tenantId, new ThreatStore.Watermark(upTo));
            Instant usersMark = usersSince.map(mark -> mark.plus(OVERLAP)).orElse(usersUpTo);
            store.putRiskyUsersWatermark(tenantId, new ThreatStore.Watermark(usersUpTo.isAfter(usersMark) ? usersUpTo
                    : usersMark));
            route(tenantId);
            return status(tenantId, ThreatStore.PollStatus.Outcome.OK, fresh + " new alert(s)", fresh);
        } catch (ConsentRequiredException e) {
            status(tenantId, ThreatStore.PollStatus.Outcome.CONSENT_REQUIRED, e.getMessage(), 0);
            throw e;
        } catch (Exception e) {
            status(tenantId, ThreatStore.PollStatus.Outcome.FAILED, "Will be read again at the next poll: "
                    + e.getMessage(), 0);
            throw e;
        }
    }

    /**
     * Hands routing every incident waiting for it in the tenant: those this poll opened or made worse, and any a poll
     * that stopped before routing left (each is marked before the watermark moves and unmarked once routed, so a
     * server stopping in between loses no notification; routing itself never sends the same severity twice).
     */
    private void route(String tenantId) {
        for (String incidentId : store.toRoute(tenantId)) {
            try {
                store.incident(tenantId, incidentId).ifPresent(onNewOrWorse);
                store.deleteToRoute(tenantId, incidentId);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(DetectionPoller.class).warn("Incident {} in tenant {} was not routed; the "
                        + "next poll tries again: {}", incidentId, tenantId, e.toString());
            }
        }
    }

    /** Takes one detection in; an incident it opened or made worse is marked to route (once per poll). */
    private void take(String tenantId, RiskDetection detection, Instant detected, Set<String> toRoute) {
        Instant now = clock.instant();
        String level = detection.getRiskLevel() == null ? "none" : detection.getRiskLevel().getValue();
        Optional<Incident> open = store.openIncidentOf(tenantId, detection.getUserId());
        String incidentId = open.map(Incident::id).orElse(UUID.randomUUID().toString());
        Alert alert = new Alert(detection.getId(), tenantId, detection.getUserId(), detection.getUserPrincipalName(),
                detection.getUserDisplayName(), detection.getRiskEventType(), level,
                Severity.of(level, detection.getRiskEventType()),
                detection.getActivity() == null ? "" : detection.getActivity().getValue(),
                Optional.ofNullable(detection.getIpAddress()).orElse(""), location(detection), detected,
                Optional.ofNullable(detection.getActivityDateTime()).map(OffsetDateTime::toInstant).orElse(detected),
                incidentId);
        Incident incident = open.orElseGet(() -> new Incident(incidentId, tenantId, detection.getUserId(),
                detection.getUserPrincipalName(), detection.getUserDisplayName(), alert.severity(),
                Incident.State.NEW, "", List.of(), List.of(), now, detected, now, List.of()));
        Incident updated;
        if (open.isPresent()) {
            // someone may be triaging it: the detection joins the incident as it is now, their change kept
            updated = store.updateIncident(tenantId, incidentId, current -> current.alertIds().contains(alert.id())
                    ? current : current.with(alert, now)).orElseGet(() -> {
                        Incident again = incident.with(alert, now);
                        store.putIncident(again);
                        return again;
                    });
        } else {
            updated = incident.with(alert, now);
            store.putIncident(updated);
        }
        store.putAlert(alert);
        boolean openedOrWorse = open.isEmpty() || updated.severity().ordinal() > open.get().severity().ordinal();
        if (openedOrWorse && toRoute.add(updated.id())) {
            store.putToRoute(tenantId, updated.id());
        }
    }

    /**
     * Keeps each risky user as Microsoft rates it now; a changed risk state goes on the user's open incident. Returns
     * the latest risk change read.
     */
    private Instant syncRiskyUsers(String tenantId, List<com.microsoft.graph.models.RiskyUser> risky) {
        Instant now = clock.instant();
        Instant upTo = Instant.EPOCH;
        for (com.microsoft.graph.models.RiskyUser user : risky) {
            if (user.getId() == null) {
                continue;
            }
            Instant changed = user.getRiskLastUpdatedDateTime() == null ? now
                    : user.getRiskLastUpdatedDateTime().toInstant();
            upTo = changed.isAfter(upTo) ? changed : upTo;
            RiskyUser current = new RiskyUser(user.getId(), tenantId, user.getUserPrincipalName(),
                    user.getUserDisplayName(), user.getRiskLevel() == null ? "" : user.getRiskLevel().getValue(),
                    user.getRiskState() == null ? "" : user.getRiskState().getValue(),
                    user.getRiskDetail() == null ? "" : user.getRiskDetail().getValue(), changed, now);
            Optional<RiskyUser> before = store.riskyUser(tenantId, user.getId());
            // Written only when Microsoft's rating changed: a poll reads again what changed shortly before its
            // watermark, and every write makes the inbox count the fleet's users at risk again
            if (before.isEmpty() || !sameRating(before.get(), current)) {
                store.putRiskyUser(current);
            }
            if (before.isPresent() && !before.get().riskState().equals(current.riskState())) {
                String text = "Risk state " + before.get().riskState() + " → " + current.riskState()
                        + (current.riskDetail().isEmpty() || current.riskDetail().equals("none") ? ""
                        : " (" + current.riskDetail() + ")");
                store.openIncidentOf(tenantId, user.getId()).ifPresent(incident -> store.updateIncident(tenantId,
                        incident.id(), open -> open.noted("microsoft", "Entra ID Protection", text, now)));
            }
        }
        return upTo;
    }

    /** Whether two readings of a risky user say the same (when each was read aside). */
    private static boolean sameRating(RiskyUser before, RiskyUser now) {
        return before.equals(new RiskyUser(now.id(), now.tenantId(), now.userPrincipalName(), now.userDisplayName(),
                now.riskLevel(), now.riskState(), now.riskDetail(), now.riskLastUpdatedAt(), before.readAt()));
    }

    /**
     * What one poll read: the licence when it read the subscriptions, whether the tenant has Entra ID P2, and then the
     * detections and risky users since their watermarks.
     */
    private record Read(Optional<ThreatStore.Licence> licence, boolean licensed, List<RiskDetection> detections,
            List<com.microsoft.graph.models.RiskyUser> riskyUsers) {

        /** A tenant known to have no Entra ID P2: nothing read. */
        static final Read NOT_LICENSED = new Read(Optional.empty(), false, List.of(), List.of());
    }

    /** The poll's reads in one batch, the subscriptions with them when not known; then the further pages together. */
    private Read read(GraphServiceClient client, Instant since, Optional<Instant> usersSince,
            Optional<ThreatStore.Licence> known) throws Exception {
        Map<String, RequestInformation> requests = new LinkedHashMap<>();
        if (known.isEmpty()) {
            requests.put(LICENCES, client.subscribedSkus().toGetRequestInformation());
        }
        requests.put(DETECTIONS, client.identityProtection().riskDetections().toGetRequestInformation(request -> {
            request.queryParameters.filter = "detectedDateTime ge " + DateTimeFormatter.ISO_INSTANT.format(since);
            request.queryParameters.top = PAGE;
        }));
        requests.put(RISKY_USERS, client.identityProtection().riskyUsers().toGetRequestInformation(request -> {
            usersSince.ifPresent(instant -> request.queryParameters.filter = "riskLastUpdatedDateTime ge "
                    + DateTimeFormatter.ISO_INSTANT.format(instant));
            request.queryParameters.top = PAGE;
        }));
        Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, requests, ROUNDS);
        Optional<ThreatStore.Licence> readNow = known.isPresent() ? Optional.empty()
                : Optional.of(licence(answers.get(LICENCES).orThrow().body(
                        SubscribedSkuCollectionResponse::createFromDiscriminatorValue)));
        ThreatStore.Licence licence = readNow.or(() -> known).orElseThrow();
        boolean refused = answers.get(DETECTIONS).status() == 403 || answers.get(RISKY_USERS).status() == 403;
        if (known.isPresent() && refused) {
            // Read up to a day ago: a tenant that lost Entra ID P2 since is refused Identity Protection
            licence = licence(client.subscribedSkus().get());
            readNow = Optional.of(licence);
        }
        if (!licence.entraIdP2()) {
            return new Read(readNow, false, List.of(), List.of());
        }
        GraphBatch.Pages<RiskDetection> detections = GraphBatch.pages(answers.get(DETECTIONS).orThrow(),
                RiskDetectionCollectionResponse::createFromDiscriminatorValue,
                RiskDetectionCollectionResponse::getValue);
        GraphBatch.Pages<com.microsoft.graph.models.RiskyUser> risky = GraphBatch.pages(
                answers.get(RISKY_USERS).orThrow(), RiskyUserCollectionResponse::createFromDiscriminatorValue,
                RiskyUserCollectionResponse::getValue);
        GraphBatch.follow(client, List.of(detections, risky), ROUNDS);
        return new Read(readNow, true, detections.items(), risky.items());
    }

    private ThreatStore.Licence licence(SubscribedSkuCollectionResponse subscriptions) {
        List<SubscribedSku> skus = subscriptions == null ? null : subscriptions.getValue();
        return new ThreatStore.Licence(skus != null && skus.stream().map(SubscribedSku::getSkuPartNumber)
                .anyMatch(sku -> sku != null && P2.contains(sku.toLowerCase(Locale.ROOT))), clock.instant());
    }

    private static String location(RiskDetection detection) {
        if (detection.getLocation() == null) {
            return "";
        }
        String city = Optional.ofNullable(detection.getLocation().getCity()).orElse("");
        String country = Optional.ofNullable(detection.getLocation().getCountryOrRegion()).orElse("");
        return city.isEmpty() ? country : country.isEmpty() ? city : city + ", " + country;
    }

    private ThreatStore.PollStatus status(String tenantId, ThreatStore.PollStatus.Outcome outcome, String message,
            int fresh) {
        ThreatStore.PollStatus status = new ThreatStore.PollStatus(clock.instant(), outcome, message, fresh);
        store.putPollStatus(tenantId, status);
        return status;
    }
}
