/**
 * `npm run bench`: how fast the kit is and what it costs on top of the implementation, as
 * ratios, in one run (see docs/benchmarks.md for what each figure means and the goals).
 *
 *   npm run bench                 (a) to (g)
 *   npm run bench -- --only b,d   some of them
 *   npm run bench -- --soak       10,000 reads against the reference; peak RSS must stay flat
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { kitOverheadBench } from './kitOverhead.ts';
import { frameScaleBench } from './frameScale.ts';
import { parallelBench, type ParallelSpeedup } from './parallelSpeedup.ts';
import { probeStartBench } from './probeStart.ts';
import { propertyRateBench } from './propertyRate.ts';
import { roundTripBench } from './roundTrip.ts';
import { soakBench } from './soak.ts';
import { WRITER_SUITE_TARGET_MS, writerSuiteBench } from './writerSuite.ts';
import { fmt, mb } from './timing.ts';

const { values } = parseArgs({
  options: {
    soak: { type: 'boolean', default: false },
    only: { type: 'string', default: 'a,b,c,d,e,f,g' },
    seed: { type: 'string', default: '20261128' },
    reads: { type: 'string', default: '10000' },
  },
});
const seed = Number(values.seed);
const only = new Set(values.only!.split(','));
const out = (line = '') => console.log(line);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const summary: string[] = [];

out(`pv-conform bench — node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`);

if (values.soak) {
  const s = await soakBench(Number(values.reads));
  out(`\nsoak: ${s.reads} reads against the in-process reference in ${fmt(s.ms / 1000)} s (${fmt(s.reads / (s.ms / 1000), 0)} reads/s)`);
  out(`  peak RSS, first 1000 reads   ${mb(s.startPeakRss)}`);
  out(`  peak RSS, last 1000 reads    ${mb(s.endPeakRss)}`);
  out(`  end / start                  ${fmt(s.growth, 2)}  (flat: ${s.flat ? 'yes' : 'NO'})`);
  process.exit(s.flat ? 0 : 1);
}

if (only.has('a')) {
  const a = await kitOverheadBench(seed);
  out(`\n(a) kit overhead: the full default reader suite against the in-process reference, seed ${seed}`);
  out(`    under cucumber                ${fmt(a.cucumberMs / 1000, 2)} s  (${a.scenarios} scenarios; ${fmt(a.adapterMsUnderCucumber / 1000, 2)} s inside adapter calls)`);
  out(`    plain loop, same ${a.calls} calls  ${fmt(a.loopMs / 1000, 2)} s  (${a.mismatches} reads differed from the suite's)`);
  out(`    ratio                          ${fmt(a.ratio, 2)}`);
  summary.push(`(a) kit overhead, suite under cucumber / plain loop           ${fmt(a.ratio, 2)}`);
}

if (only.has('b')) {
  const rows = await roundTripBench(30);
  out('\n(b) subprocess round trip, 1920x1200 frames, median of 30 reads');
  out('    target                      read   round trip   CPU, kit+adapter   impl      ratio   denominator               goal');
  for (const r of rows) {
    const base = r.kind === 'jpeg' ? 'the SDK\'s own read' : `one frame copy (${fmt(r.baseMs, 2)} ms)`;
    out(`    ${r.target.padEnd(28)}${r.kind.padEnd(7)}${`${fmt(r.roundTripMs)} ms`.padEnd(13)}${`${fmt(r.cpuMs)} ms`.padEnd(20)}${`${fmt(r.implMs, 2)} ms`.padEnd(10)}${fmt(r.ratio, 2).padEnd(8)}${base.padEnd(26)}<= ${r.goal} ${verdict(r.ratio <= r.goal)}`);
    summary.push(`(b) round trip / ${r.kind === 'jpeg' ? 'implMicros ' : 'frame copy '}, ${r.target.padEnd(26)} ${fmt(r.ratio, 2)}  (goal <= ${r.goal}: ${verdict(r.ratio <= r.goal)})`);
  }
}

if (only.has('c')) {
  const c = await propertyRateBench(seed);
  out(`\n(c) property cases per second: generator "${c.generator}" (${c.scenario}), ${c.cases} cases`);
  out(`    under cucumber, in-process reference   ${fmt(c.underCucumberPerSec)} cases/s`);
  out(`    generate + decode the same cases       ${fmt(c.rawPerSec)} cases/s`);
  out(`    ratio (raw / under cucumber)           ${fmt(c.ratio, 2)}`);
  summary.push(`(c) property cases/s, raw generate+decode / under cucumber     ${fmt(c.ratio, 2)}`);
}

if (only.has('d')) {
  const rows = await frameScaleBench();
  out('\n(d) reference read path by frame size (in-process binding; each size in a fresh process; sharp cache off)');
  out('    size             JPEG      JPEG read   /pixel vs FHD   array read   /pixel vs FHD   bare copy   /pixel vs FHD   peak RSS   read peak (frames)');
  for (const r of rows) {
    out(`    ${r.size.padEnd(17)}${mb(r.jpegBytes).padEnd(10)}${`${fmt(r.jpegMs)} ms`.padEnd(12)}${fmt(r.jpegPerPixel, 2).padEnd(16)}${`${fmt(r.arrayMs)} ms`.padEnd(13)}${fmt(r.arrayPerPixel, 2).padEnd(16)}${`${fmt(r.copyMs, 2)} ms`.padEnd(12)}${fmt(r.copyPerPixel, 2).padEnd(16)}${`${fmt(r.peakRssMb, 0)} MB`.padEnd(11)}${fmt(r.readPeakFrames, 1)}`);
  }
  const big = rows[rows.length - 1]!;
  summary.push(`(d) time/pixel, 8K vs 1920x1200: JPEG ${fmt(big.jpegPerPixel, 2)} (goal <= ~1: ${verdict(big.jpegPerPixel <= 1.25)}), array ${fmt(big.arrayPerPixel, 2)} (goal: ${verdict(big.arrayPerPixel <= 1.25)}; a bare copy: ${fmt(big.copyPerPixel, 2)}); 8K works`);
}

if (only.has('e')) {
  out(`\n(e) --parallel 2 on ${availableParallelism()} cores: the full reader suite through the CLI`);
  const shape = (r: ParallelSpeedup['serial']) => `cucumber ${fmt(r.runMs / 1000, 2)} s, of which ${fmt(r.startupMs / 1000, 2)} s before the first scenario; scenarios per worker ${r.casesPerWorker.join(' + ')}`;
  for (const numRuns of [50, 200]) {
    const e = parallelBench(seed, numRuns);
    out(`    --num-runs ${numRuns}${numRuns === 50 ? ' (the default)' : ''}`);
    out(`      --parallel 1   ${fmt(e.serialMs / 1000, 2)} s   (${shape(e.serial)})`);
    out(`      --parallel 2   ${fmt(e.parallelMs / 1000, 2)} s   (${shape(e.parallel)}; same verdicts: ${e.sameVerdicts ? 'yes' : 'NO'})`);
    out(`      speedup        ${fmt(e.speedup, 2)}`);
    summary.push(`(e) --parallel 2 speedup, --num-runs ${String(numRuns).padEnd(4)}                          ${fmt(e.speedup, 2)}`);
  }
}

if (only.has('f')) {
  const f = await probeStartBench();
  // The probe's own start: without NODE_EXTRA_CA_CERTS, which every Node process pays for (bench/probeStart.ts).
  const own = f.withoutExtraCaCerts?.bundleMs ?? f.bundleMs;
  const goal = own <= 100;
  out(`\n(f) probe start: spawn to the probe's hello on stdout, median of ${f.runs}, interleaved (${fmt(f.bundleBytes / 1024, 0)} KB bundle, ${f.built ? `built in this run in ${fmt(f.buildMs, 0)} ms` : `cache current, checked in ${fmt(f.buildMs, 0)} ms`})`);
  out(`    bundled, node <bundle> (what a Runner starts)   ${fmt(f.bundleMs)} ms`);
  out(`    node --import tsx probe/main.ts (before)         ${fmt(f.tsxMs)} ms`);
  out(`    bare node, first byte on stdout (the floor)      ${fmt(f.bareNodeMs)} ms`);
  out(`    ratio (tsx / bundled)                            ${fmt(f.ratio, 2)}`);
  if (f.withoutExtraCaCerts) {
    out(`    without NODE_EXTRA_CA_CERTS: bundled ${fmt(f.withoutExtraCaCerts.bundleMs)} ms, bare node ${fmt(f.withoutExtraCaCerts.bareNodeMs)} ms`);
  }
  out(`    goal: bundled <= 100 ms${f.withoutExtraCaCerts ? ' (without NODE_EXTRA_CA_CERTS)' : ''}: ${fmt(own)} ms ${verdict(goal)}`);
  summary.push(`(f) probe start, tsx / bundled                                 ${fmt(f.ratio, 2)}  (bundled ${fmt(own, 0)} ms, goal <= 100 ms: ${verdict(goal)})`);
}

if (only.has('g')) {
  const g = writerSuiteBench();
  const counts = Object.entries(g.counts).map(([k, n]) => `${n} ${k}`).join(', ');
  out(`\n(g) writer suite: pv-conform run --side writer --runner reference, default options, wall clock`);
  out(`    wall time                     ${fmt(g.ms / 1000, 2)} s  (${g.scenarios} scenarios: ${counts}; ${g.verdict})`);
  out(`    ratio (wall / ${WRITER_SUITE_TARGET_MS / 1000} s target)     ${fmt(g.ratio, 2)}  (goal <= 1: ${verdict(g.ratio <= 1)})`);
  summary.push(`${`(g) writer suite wall / ${WRITER_SUITE_TARGET_MS / 1000} s target, reference Runner`.padEnd(63)}${fmt(g.ratio, 2)}  (${fmt(g.ms / 1000, 1)} s, goal <= 1: ${verdict(g.ratio <= 1)})`);
}

out('\nratios');
for (const line of summary) out(`  ${line}`);
out(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
