/** The side channel to the kit: one JSON line per observation, appended synchronously. */
import { appendFileSync, writeSync } from 'node:fs';
import { wireErrors } from '../adapter/runner/wire-schemas.ts';

export type Observation = { type: string } & Record<string, unknown>;

export function observationSink(target: string): (o: Observation) => void {
  const fd = /^fd:(\d+)$/.exec(target);
  const write = fd
    ? (line: string) => writeSync(Number(fd[1]), line)
    : (line: string) => appendFileSync(target, line);
  return (o) => {
    const problems = wireErrors('runner-driver/probe-observation.schema.json', o);
    // A probe bug must not pass for a Runner fault: say so, and let the kit reject the line.
    if (problems) process.stderr.write(`probe: observation does not match its schema: ${problems}\n`);
    write(JSON.stringify(o) + '\n');
  };
}
