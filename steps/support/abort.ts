/**
 * Stopping a supervised run (cli/supervisedCucumber.ts) without waiting for it: when the
 * supervisor passes on Ctrl-C or SIGTERM, every cucumber process (the runner and any parallel
 * worker) kills its targets' and Runner drivers' children at once, so the running scenario ends now, and marks every
 * scenario that starts afterwards as not run. Cucumber then finishes on its own in moments,
 * running its AfterAll hooks (which close targets and Runners) and writing its reports.
 *
 * Only under the supervisor (PV_CONFORM_RUN_TOKEN set): elsewhere, e.g. tests that call
 * runCucumber directly, a signal keeps its default meaning.
 */
import { Before } from '@cucumber/cucumber';
import { abortRunnerDrivers } from '../../adapter/runner/subprocess-client.ts';
import { abortSubprocessTargets } from '../../adapter/subprocess/client.ts';
import { NOT_RUN_MEDIA_TYPE } from './notRunMarker.ts';

let abortedBy: string | undefined;

function abort(signal: NodeJS.Signals): void {
  if (abortedBy) return;
  abortedBy = signal;
  abortSubprocessTargets(signal);
  abortRunnerDrivers(signal);
}

if (process.env.PV_CONFORM_RUN_TOKEN) {
  process.on('SIGTERM', abort);
  process.on('SIGINT', abort);
}

Before(function () {
  if (!abortedBy) return;
  this.attach(`run stopped by ${abortedBy} before this scenario started`, NOT_RUN_MEDIA_TYPE);
  return 'skipped';
});
