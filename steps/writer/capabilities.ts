/**
 * What this worker knows about the Runner's capabilities, so that a scenario the Runner cannot
 * run is skipped before anything is started: the Runner info of the one `start` the CLI makes
 * before any scenario (RunParams.runnerCapabilities, cli/preflight.ts); failing that (the Runner
 * refused that start, or the run did not come through the CLI), the first `start` reply this
 * worker saw, and every configuration a `start` here was refused with the Runner's own message.
 */
import type { AlgorithmAnswer, RunnerInfo, SegmentTransport, V1CallShape } from '../../adapter/runner/types.ts';
import type { SpecGeneration } from '../../adapter/types.ts';
import type { RunParams } from '../../kit/run-params.ts';
import { skipCause, type SkipCause } from '../../kit/skipCause.ts';

export interface RunnerNeeds {
  generation: SpecGeneration;
  transport: SegmentTransport;
  v1CallShape?: V1CallShape;
  /** The answers the scenario scripts for its algorithm (its steps' texts), beyond the implicit OK. */
  answers: AlgorithmAnswer[];
}

export interface Refusal {
  message: string;
  cause: SkipCause;
}

interface Knowledge {
  declared?: RunnerInfo;
  /** The Runner's own "skipped" message per configuration it refused to start with. */
  refusedStarts: Map<string, string>;
}

/**
 * Per run: one process may run the suite several times (the kit's tests reuse loaded step
 * code), and what one Runner declared says nothing about the next. A run's scratch directory
 * is its own.
 */
const byRun = new Map<string, Knowledge>();

function knowledge(params: RunParams): Knowledge {
  const key = `${params.scratchDir}\n${params.runner}`;
  let k = byRun.get(key);
  if (!k) {
    k = { refusedStarts: new Map(), ...(params.runnerCapabilities ? { declared: params.runnerCapabilities } : {}) };
    byRun.set(key, k);
  }
  return k;
}

const configKey = (n: Pick<RunnerNeeds, 'generation' | 'transport' | 'v1CallShape'>) => `${n.generation} ${n.transport} ${n.v1CallShape ?? ''}`;

/** A start reply, when the run came without the CLI's. */
export function learnStarted(params: RunParams, info: RunnerInfo): void {
  const k = knowledge(params);
  k.declared ??= info;
}

export function learnRefusedStart(params: RunParams, needs: RunnerNeeds, message: string): void {
  knowledge(params).refusedStarts.set(configKey(needs), message);
}

/** Why the Runner cannot run a scenario with these needs, or undefined when it may. */
export function knownRefusal(params: RunParams, needs: RunnerNeeds): Refusal | undefined {
  const { declared, refusedStarts } = knowledge(params);
  const config = `${needs.generation} over ${needs.transport}`;
  const refused = refusedStarts.get(configKey(needs));
  if (refused !== undefined) return { message: refused, cause: skipCause('writer', 'runner-config', config) };
  if (!declared) return undefined;
  const who = `${declared.name} ${declared.version}`;
  if (!declared.generations.includes(needs.generation) || !declared.transports.includes(needs.transport)) {
    return {
      message: `${who} declares generations [${declared.generations.join(', ')}] and transports [${declared.transports.join(', ')}]: not ${config}`,
      cause: skipCause('writer', 'runner-config', config),
    };
  }
  const missing = declared.algorithmAnswers && needs.answers.find((a) => !declared.algorithmAnswers!.includes(a));
  if (missing) {
    return {
      message: `${who} declares algorithm answers [${declared.algorithmAnswers!.join(', ')}]: not "${missing}"`,
      cause: skipCause('writer', 'outcome', missing),
    };
  }
  return undefined;
}

/**
 * The algorithm answers the Runner declared (absent: all of them). A generated sequence draws
 * only from these: the answers the Runner left out are out of scope for it, as the fixed
 * scenarios that script them are.
 */
export function declaredAnswers(params: RunParams): readonly AlgorithmAnswer[] | undefined {
  return knowledge(params).declared?.algorithmAnswers;
}
