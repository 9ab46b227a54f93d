package dev.tenantry.it.approval;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test action: counts its runs per {@code key} and writes an audit record in the approval's transaction; with
 * {@code fail=yes} it fails after writing, so the test can see that nothing of a failed run stays.
 */
@ApplicationScoped
public class RecordingAction implements ApprovalAction {

    public static final String NAME = "test.record";
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Inject
    AuditLog audit;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestPermission() {
        return Permissions.TENANTS_MANAGE;
    }

    @Override
    public String execute(ApprovalRequest request, String approvedBy) {
        String key = request.parameters().get("key");
        String requestedBy = request.requestedBy();
        audit.record(AuditEvent.of(approvedBy, request.tenantId(), "test.recorded", key, Outcome.SUCCESS));
        if ("yes".equals(request.parameters().get("fail"))) {
            throw new IllegalStateException("the test action failed as asked");
        }
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return "recorded " + key + " for " + requestedBy;
    }

    public static int runs(String key) {
        AtomicInteger runs = RUNS.get(key);
        return runs == null ? 0 : runs.get();
    }
}
