/**
 * Attached to a scenario that was skipped only because the run was being stopped
 * (steps/support/abort.ts); the run's supervisor drops such scenarios from the report. A module
 * of its own so that the supervisor can import it without loading step definitions.
 */
export const NOT_RUN_MEDIA_TYPE = 'application/vnd.pv-conform.not-run+text';
