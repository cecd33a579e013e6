/**
 * `npm run test:loaded`: the whole suite (`npm test`) while another process keeps one core busy
 * from start to end, the way a shared CI machine or a developer's laptop is. A test that only
 * passes on an idle machine fails here. Prints how much CPU the burner took, so a run shows the
 * load was real, and exits with the suite's code. The kill matrix ignores its cache here.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const burner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const started = Date.now();
let burnerExited = false;
burner.on('exit', () => { burnerExited = true; });
// The kill matrix runs in full: runs reused from its cache would not have run under the load.
const suite = spawn('npm', ['test', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PV_MUTANTS_NO_CACHE: '1' } });

/** User + system CPU seconds of a live process, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: clock ticks (USER_HZ 100)
}

const stop = (signal: NodeJS.Signals) => suite.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
suite.on('exit', (code, signal) => {
  const wall = (Date.now() - started) / 1000;
  let burned = 0;
  try {
    burned = cpuSeconds(burner.pid!);
  } catch {
    // the burner died early: say so below
  }
  const died = burnerExited;
  burner.removeAllListeners('exit');
  burner.kill('SIGKILL');
  console.log(`# test:loaded: the burner used ${burned.toFixed(0)} CPU s of the suite's ${wall.toFixed(0)} s wall (${((100 * burned) / wall).toFixed(0)}% of one core)`);
  process.exitCode = code ?? (signal ? 1 : 0);
  if (died) {
    console.log('# test:loaded: the burner stopped before the suite ended; the run does not show the suite passes under load');
    process.exitCode ||= 1;
  }
});
