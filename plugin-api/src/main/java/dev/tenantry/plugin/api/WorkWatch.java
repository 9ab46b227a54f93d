package dev.tenantry.plugin.api;

import java.io.Serializable;
import java.util.Optional;

/**
 * The work a page started, as the page's {@code p:poll} follows it: keep one in the page's model, tell it the id
 * {@link PluginWork} returned, bind the poll's {@code autoStart} and {@code stop} to {@link #polling} and its listener
 * to {@link #refreshed}. It keeps the page polling while the work runs and for one refresh after it ended: the response
 * that started the work may have drawn part of the page (each tenant's outcome, say) before the last step finished,
 * and that refresh draws it again as the work left it.
 *
 * <pre>{@code
 * private final WorkWatch scan = new WorkWatch();
 * public void scanAll() { scan.started(work.startEach(...)); }
 * public boolean isScanning() { return scan.polling(work); }
 * public void refresh() { rows = null; scan.refreshed(work); }
 * }</pre>
 *
 * @since 1.2.0
 */
public final class WorkWatch implements Serializable {

    private static final long serialVersionUID = 1L;

    private String workId;
    private boolean drawAfterEnd;

    /** The page started work {@code workId}. */
    public void started(String workId) {
        this.workId = workId;
        this.drawAfterEnd = true;
    }

    /** The work this page started last, if any. */
    public Optional<PluginWork.WorkStatus> status(PluginWork work) {
        return workId == null ? Optional.empty() : work.status(workId);
    }

    /** Whether the page should go on polling: the work runs, or ended and the page has not been refreshed since. */
    public boolean polling(PluginWork work) {
        return drawAfterEnd || running(work);
    }

    /** The page was refreshed by its poll; once this happened after the work ended, polling stops. */
    public void refreshed(PluginWork work) {
        if (!running(work)) {
            drawAfterEnd = false;
        }
    }

    private boolean running(PluginWork work) {
        return status(work).map(status -> "RUNNING".equals(status.state())).orElse(false);
    }
}
