package dev.tenantry.plugin.api;

/** How a running job says how far it is, and learns whether it should stop. */
public interface JobProgress {

    /** Reports progress: {@code done} of {@code total} steps (total 0: unknown), with a short message. */
    void report(int done, int total, String message);

    /** Whether the host asks the job to stop (the plugin was disabled, or the server stops); stop soon if so. */
    boolean cancelled();
}
