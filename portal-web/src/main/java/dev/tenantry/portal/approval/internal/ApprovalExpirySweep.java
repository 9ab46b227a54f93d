package dev.tenantry.portal.approval.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Marks requests nobody decided in time as expired, every {@code tenantry.approvals.sweep-every}, on the server's
 * managed scheduler: the list then says so and the audit log has the {@code approval.expire} record. (An overdue
 * request can never be approved, swept or not.)
 */
@ApplicationScoped
public class ApprovalExpirySweep {

    private static final Logger LOG = Logger.getLogger(ApprovalExpirySweep.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ApprovalLedger ledger;

    @Inject
    @ConfigProperty(name = "tenantry.approvals.sweep-every")
    Duration every;

    private ScheduledFuture<?> sweeps;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) Startup startup) {
        long period = Math.max(1, every.toSeconds());
        sweeps = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
    }

    void sweep() {
        try {
            int expired = ledger.expireOverdue();
            if (expired > 0) {
                LOG.info(() -> expired + " approval request(s) expired undecided");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not sweep expired approval requests; trying again next time", e);
        }
    }

    @PreDestroy
    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }
}
