/** Starting a Runner with the probe as its algorithm, scripting the probe, running steps. */
import { HELLO_MEDIA_TYPE } from '../../reports/runReport.ts';
import { After, Before, BeforeAll, Given, When } from '@cucumber/cucumber';
import type { Reply } from '../../probe/script.ts';
import { peekWriterState, session, writerState } from './state.ts';
import { reportSkip, SkipScenario, WriterSession } from './session.ts';
import { knownRefusal, learnRefusedStart, learnStarted, type RunnerNeeds } from './capabilities.ts';
import { framesFor } from './frames.ts';
import { RUNNER_STEP, runWriterParameters } from './parameters.ts';
import { join } from 'node:path';
import { ConformanceFailure } from '../support/failure.ts';
import { remember } from './judge.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void> };

const ANSWERS: Record<string, Reply> = {
  OK: 'ok',
  NG: 'ng',
  'ERROR result': 'error-result',
  'error frame': 'error-frame',
  crash: 'crash',
  hang: 'hang',
  junk: 'junk',
};

export function answer(name: string): Reply {
  const r = ANSWERS[name.trim()];
  if (!r) throw new Error(`unknown algorithm answer "${name}"; known: ${Object.keys(ANSWERS).join(', ')}`);
  return r;
}

/** The answers a scenario's steps script for its algorithm; an unknown name errors at its own step. */
function scriptedAnswers(texts: string[]): Reply[] {
  const out = new Set<Reply>();
  for (const t of texts) {
    const m = /^the algorithm's next answer is "([^"]*)"/.exec(t) ?? /the algorithm answering in turn "([^"]*)"$/.exec(t);
    for (const name of m?.[1]?.split(',') ?? []) {
      const r = ANSWERS[name.trim()];
      if (r) out.add(r);
    }
  }
  return [...out];
}

Before(function (this: World, { pickle }: { pickle: { steps: ReadonlyArray<{ text: string }> } }) {
  writerState(this).stepTexts = pickle.steps.map((s) => s.text);
});

async function startRunner(world: World, generation: string, transport: string, executeTimeoutMs: number): Promise<'skipped' | void> {
  if (generation !== 'v1' && generation !== 'v2') throw new Error(`generation must be v1 or v2, got ${generation}`);
  if (transport !== 'fs' && transport !== 'posix') throw new Error(`transport must be fs or posix, got ${transport}`);
  const st = writerState(world);
  st.generation = generation;
  st.transport = transport;
  const shape = st.readings['WR-FRAME-01'];
  const needs: RunnerNeeds = {
    generation, transport, answers: scriptedAnswers(st.stepTexts ?? []),
    ...(generation === 'v1' && shape === 'sdk-spec-payload' ? { v1CallShape: 'payload' as const } : {}),
  };
  // What the Runner declared, or refused earlier in this worker, decides without starting it.
  const refusal = knownRefusal(st.params, needs);
  if (refusal) {
    // The Runner introduced itself before the run; a run it skips entirely still names it.
    if (!runnerIdentityAttached && st.params.runnerCapabilities) {
      runnerIdentityAttached = true;
      await world.attach(JSON.stringify(st.params.runnerCapabilities), HELLO_MEDIA_TYPE);
    }
    return reportSkip(world, new SkipScenario(refusal.message, refusal.cause));
  }
  try {
    st.session = await WriterSession.open({
      runner: st.params.runner,
      generation,
      transport,
      executeTimeoutMs,
      scratchRoot: join(st.params.scratchDir, 'writer'),
      ...(st.params.memoryLimitMb !== undefined ? { memoryLimitMb: st.params.memoryLimitMb } : {}),
      ...(st.params.cwd !== undefined ? { cwd: st.params.cwd } : {}),
      ...(needs.v1CallShape ? { v1CallShape: needs.v1CallShape } : {}),
    });
  } catch (e) {
    if (e instanceof SkipScenario) {
      if (e.skipCause.kind === 'runner-config') learnRefusedStart(st.params, needs, e.message);
      return reportSkip(world, e);
    }
    throw e;
  }
  if (st.session.info) learnStarted(st.params, st.session.info);
  // The Runner's identity goes into the message stream once, so certificates can name it.
  if (!runnerIdentityAttached && st.session.info) {
    runnerIdentityAttached = true;
    await world.attach(JSON.stringify(st.session.info), HELLO_MEDIA_TYPE);
  }
}

let runnerIdentityAttached = false;
// Per run: one cucumber process may serve several runs (cli/cucumberChild.ts), each with its own report.
BeforeAll(function () {
  runnerIdentityAttached = false;
});

Given('a {word} Runner using the {word} transport', RUNNER_STEP, function (this: World, generation: string, transport: string) {
  return startRunner(this, generation, transport, runWriterParameters(this).executeTimeoutMs);
});

Given(
  'a {word} Runner using the {word} transport with an execute timeout of {int} ms',
  RUNNER_STEP,
  function (this: World, generation: string, transport: string, timeoutMs: number) {
    return startRunner(this, generation, transport, timeoutMs);
  },
);

Given("the algorithm's next answer is {string}", function (this: World, name: string) {
  writerState(this).next = { reply: answer(name), delayMs: 0 };
});

Given("the algorithm's next answer is {string} after {int} ms", function (this: World, name: string, delayMs: number) {
  writerState(this).next = { reply: answer(name), delayMs };
});

async function runStep(world: World, width: number, height: number): Promise<'skipped' | void> {
  const st = writerState(world);
  const s = session(world);
  const behaviour = st.next;
  st.next = { reply: 'ok', delayMs: 0 };
  try {
    await s.step(framesFor(st.generation!, width, height, s.records.length + 1), behaviour);
  } catch (e) {
    if (e instanceof SkipScenario) return reportSkip(world, e);
    // A Runner that held on to the step fails its cleanup clause right there (session.ts).
    if (e instanceof ConformanceFailure) remember(world, e.detail);
    throw e;
  }
}

When('the Runner runs a step with {int}x{int} camera frames', RUNNER_STEP, function (this: World, w: number, h: number) {
  return runStep(this, w, h);
});

When(
  'the Runner runs {int} steps with {int}x{int} camera frames, the algorithm answering in turn {string}',
  RUNNER_STEP,
  async function (this: World, count: number, w: number, h: number, answers: string) {
    const cycle = answers.split(',').map(answer);
    for (let i = 0; i < count; i++) {
      writerState(this).next = { reply: cycle[i % cycle.length]!, delayMs: 0 };
      if ((await runStep(this, w, h)) === 'skipped') return 'skipped';
    }
  },
);

When('the Runner is stopped', RUNNER_STEP, async function (this: World) {
  await session(this).stopRunner();
});

After(RUNNER_STEP, async function (this: World) {
  const st = peekWriterState(this);
  if (st?.session) await st.session.close();
});
