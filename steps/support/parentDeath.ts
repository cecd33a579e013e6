/**
 * A parallel worker of `pv-conform run` ends itself when the process that hands it scenarios
 * (the cucumber child, cli/cucumberChild.ts) is gone. Cucumber's own worker does not notice: it
 * would go on with its scenario, a hanging target and all, until a timeout minutes later, and
 * only then fail to report to nobody. The child normally ends its workers itself, even when
 * pv-conform was killed (it watches its own parent); this covers the child being killed too.
 *
 * The IPC channel closes the moment the parent dies, however it dies; the coordinator never
 * closes it otherwise (a worker exits on its own when told to finalize), so its end means the
 * parent is gone. Only under the supervisor (PV_CONFORM_RUN_TOKEN set) and only in a worker
 * (CUCUMBER_WORKER_ID): the child itself handles its parent's death in cucumberChild.ts.
 */
import { abortRunnerDrivers } from '../../adapter/runner/subprocess-client.ts';
import { abortSubprocessTargets } from '../../adapter/subprocess/client.ts';

if (process.env.PV_CONFORM_RUN_TOKEN && process.env.CUCUMBER_WORKER_ID !== undefined && process.connected) {
  process.once('disconnect', () => {
    // Targets and drivers first, in their own process groups; the exit hooks of the modules that
    // started them then reap what is left and remove their payload directories.
    abortSubprocessTargets('the cucumber process that ran this worker is gone');
    abortRunnerDrivers('the cucumber process that ran this worker is gone');
    process.exit(2);
  });
}
