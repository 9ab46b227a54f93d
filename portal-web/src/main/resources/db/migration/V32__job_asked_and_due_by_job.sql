-- A run a plugin asked for at a time (PluginSchedule.runAt, plugin API 1.9.0), kept apart from due_at: an ask that
-- comes while the job runs in the tenant (its row due at the lease's end) is not lost when the run ends. A run that
-- starts takes the asks due by then; the run's end makes the row due at the earliest of its interval and the ask left.
ALTER TABLE plugin_job_state ADD COLUMN asked_at TIMESTAMP WITH TIME ZONE;

-- The due runs of each job, oldest first: the scheduler shares its free slots among the jobs with runs due, so it reads
-- a few of each job's (an index range per job), not the oldest of all, which a job with a backlog would fill.
CREATE INDEX plugin_job_state_job_due ON plugin_job_state (job_id, due_at, tenant_id);
