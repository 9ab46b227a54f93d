package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.manifest.ManifestException;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.plugin.ManifestDiff;
import dev.tenantry.portal.plugin.PluginRecord;
import dev.tenantry.portal.plugin.PluginStatus;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The review rules, with who acts named explicitly: a plugin seen for the first time waits for review; an upgrade
 * that asks for the same is taken over, one that asks for anything else waits for review again; a plugin whose jar
 * is gone is marked removed. Every step is recorded in the audit log with the change it records.
 */
@ApplicationScoped
public class PluginLedger {

    @Inject
    JpaPluginStore store;

    @Inject
    AuditLog audit;

    @Inject
    dev.tenantry.portal.access.AccessControl access;

    /** Who approved a built-in plugin's jar: the Tenantry release that ships it, reviewed with that release. */
    public static final String RELEASE = "system (built-in with this Tenantry release)";

    /**
     * Brings the records in line with the jars found; returns every record. A jar whose bytes are not the ones last
     * found, whatever its version, waits for review, unless it is the approved jar or a built-in jar of this release
     * ({@code releaseReviewed}, by SHA-256) that asks for nothing the approved manifest did not.
     */
    @Transactional(TxType.REQUIRED)
    public List<PluginRecord> reconcile(Collection<Inspection> found, String actor, Set<String> releaseReviewed) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (Inspection jar : found) {
            Optional<PluginRecord> known = store.find(jar.id());
            if (known.isEmpty()) {
                store.discovered(jar.id(), jar.version(), jar.manifest().displayName(), jar.sha256(), now);
                audit.record(event(actor, "plugin.discover", jar).with("scopeSets", scopeSets(jar.manifest())));
                continue;
            }
            PluginRecord record = known.get();
            boolean removed = record.status() == PluginStatus.REMOVED;
            if (jar.sha256().equals(record.jarSha256()) && !removed) {
                continue;
            }
            if (recordedBeforePinning(record, jar)) {
                store.pin(jar.id(), jar.sha256(), now);
                audit.record(event(actor, "plugin.pin", jar).with("why", "approved before Tenantry pinned jars; this "
                        + "jar carries exactly the approved version and manifest"));
                continue;
            }
            List<String> changes = changesSinceApproval(record, jar.manifest());
            boolean approvedBytes = jar.sha256().equals(record.approvedSha256());
            boolean shipped = releaseReviewed.contains(jar.sha256()) && record.approvedManifest() != null
                    && changes.isEmpty() && (record.status() == PluginStatus.ENABLED
                    || record.status() == PluginStatus.DISABLED);
            PluginStatus status = !removed && (approvedBytes || shipped) ? record.status() : PluginStatus.PENDING_REVIEW;
            store.found(jar.id(), jar.version(), jar.manifest().displayName(), jar.sha256(), status, now);
            if (shipped && !approvedBytes) {
                store.approve(jar.id(), jar.sha256(), jar.manifestJson(), RELEASE, status, now);
            }
            audit.record(event(actor, status == PluginStatus.PENDING_REVIEW ? "plugin.upgrade-pending"
                    : "plugin.upgrade", jar).with("from", record.version())
                    .with("fromSha256", record.jarSha256() == null ? "" : record.jarSha256())
                    .with("changes", clip(String.join("; ", differences(record, jar, changes)))));
        }
        Set<String> present = found.stream().map(Inspection::id).collect(Collectors.toSet());
        for (PluginRecord record : store.all()) {
            if (!present.contains(record.id()) && record.status() != PluginStatus.REMOVED) {
                store.status(record.id(), PluginStatus.REMOVED, now);
                audit.record(AuditEvent.of(actor, null, "plugin.remove", record.id(), Outcome.SUCCESS)
                        .with("version", record.version()).with("why", "its jar is no longer in the plugins folder"));
            }
        }
        return store.all();
    }

    /** A record approved before approvals pinned the jar, and a jar that carries exactly what was approved. */
    private static boolean recordedBeforePinning(PluginRecord record, Inspection jar) {
        return record.jarSha256() == null && record.approvedSha256() == null && record.approvedManifest() != null
                && record.status() != PluginStatus.REMOVED && record.status() != PluginStatus.PENDING_REVIEW
                && jar.version().equals(record.version()) && jar.version().equals(record.approvedVersion())
                && jar.manifestJson().equals(record.approvedManifest());
    }

    /**
     * Approves exactly the jar in {@code jar} (its bytes, by SHA-256, and its manifest): it becomes what runs and what
     * later jars are compared with.
     *
     * @param confirmed the approval request a second Owner approved, or null when one person may approve
     */
    @Transactional(TxType.REQUIRED)
    public PluginRecord approve(Inspection jar, String actor, ApprovalRequest confirmed) {
        PluginRecord approved = store.approve(jar.id(), jar.sha256(), jar.manifestJson(), actor, PluginStatus.ENABLED,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        AuditEvent event = event(actor, "plugin.approve", jar).with("scopeSets", scopeSets(jar.manifest()))
                .with("roles", jar.manifest().roles().stream().map(r -> r.id()).collect(Collectors.joining(",")));
        audit.record(confirmed == null ? event
                : event.with("requestedBy", confirmed.requestedBy()).correlatedWith(confirmed.id()));
        return approved;
    }

    /** Registers the roles of a plugin that started, as its approved manifest declares them. */
    @Transactional(TxType.REQUIRED)
    public void started(Inspection jar) {
        access.registerPluginRoles(jar.id(), jar.manifest().roles());
    }

    @Transactional(TxType.REQUIRED)
    public PluginRecord status(String id, PluginStatus status, String actor, String action) {
        PluginRecord record = store.status(id, status, Instant.now().truncatedTo(ChronoUnit.MICROS));
        audit.record(AuditEvent.of(actor, null, action, id, Outcome.SUCCESS).with("version", record.version()));
        return record;
    }

    /** Switches a plugin on or off in one tenant, audited when it changes. */
    @Transactional(TxType.REQUIRED)
    public void switchInTenant(String id, String tenantId, boolean on, String actor) {
        if (store.switchInTenant(id, tenantId, on, actor, Instant.now().truncatedTo(ChronoUnit.MICROS))) {
            audit.record(AuditEvent.of(actor, tenantId, on ? "plugin.tenant-enable" : "plugin.tenant-disable", id,
                    Outcome.SUCCESS));
        }
    }

    @Transactional(TxType.SUPPORTS)
    public java.util.Map<String, Set<String>> switchedOff() {
        return store.switchedOff();
    }

    /** Records that someone put a plugin jar in the folder through the portal. */
    public void uploaded(String id, String version, String jar, String actor) {
        audit.recordSecurityEvent(AuditEvent.of(actor, null, "plugin.upload", id, Outcome.SUCCESS)
                .with("version", version).with("jar", jar));
    }

    /** Records that a plugin could not be loaded or started, apart from whatever else fails. */
    public void failed(String id, String version, String reason) {
        audit.recordSecurityEvent(AuditEvent.of("system", null, "plugin.fail", id, Outcome.FAILURE)
                .with("version", version).with("reason", clip(reason)));
    }

    @Transactional(TxType.SUPPORTS)
    public List<PluginRecord> all() {
        return store.all();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<PluginRecord> find(String id) {
        return store.find(id);
    }

    /**
     * How {@code jar} differs from what was approved, for the reviewer: other bytes (with both digests), then what its
     * manifest asks for beyond or instead of the approved one. Empty before any approval and for the approved jar.
     */
    public static List<String> differences(PluginRecord record, Inspection jar) {
        return differences(record, jar, changesSinceApproval(record, jar.manifest()));
    }

    /** {@link #differences(PluginRecord, Inspection)} with the manifest's {@code changes} already worked out. */
    private static List<String> differences(PluginRecord record, Inspection jar, List<String> changes) {
        if (record.approvedManifest() == null) {
            return List.of();
        }
        List<String> differences = new java.util.ArrayList<>();
        if (record.approvedSha256() != null && !record.approvedSha256().equals(jar.sha256())) {
            differences.add("The jar is not the one approved: SHA-256 " + jar.sha256() + " (approved: "
                    + record.approvedSha256() + (jar.version().equals(record.approvedVersion())
                    ? ", the same version " + jar.version() : "") + ")");
        }
        differences.addAll(changes);
        return differences;
    }

    /** What {@code manifest} asks for beyond (or instead of) what was approved; nothing when nothing was approved. */
    public static List<String> changesSinceApproval(PluginRecord record, PluginManifest manifest) {
        if (record.approvedManifest() == null) {
            return List.of();
        }
        try {
            PluginManifest approved = PluginManifests.read(new ByteArrayInputStream(
                    record.approvedManifest().getBytes(StandardCharsets.UTF_8)), record.id(), "approved manifest");
            return ManifestDiff.between(approved, manifest);
        } catch (ManifestException e) {
            return List.of("The approved manifest no longer reads (" + e.getMessage() + "); review it again");
        }
    }

    private static AuditEvent event(String actor, String action, Inspection jar) {
        return AuditEvent.of(actor, null, action, jar.id(), Outcome.SUCCESS).with("version", jar.version())
                .with("jar", jar.jar().getFileName().toString()).with("sha256", jar.sha256());
    }

    private static String clip(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    private static String scopeSets(PluginManifest manifest) {
        return clip(manifest.scopeSets().stream().map(set -> set.id() + "=" + set.permissions().stream()
                .map(p -> p.name()).collect(Collectors.joining("+"))).collect(Collectors.joining(",")));
    }
}
