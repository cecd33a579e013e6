/** Handshake, framing and stdout purity as seen from the algorithm's side: WR-PROTO-01..03. */
import { Then } from '@cucumber/cucumber';
import { session } from './state.ts';
import { judge } from './judge.ts';
import { HELLO_REPLY_MS } from './parameters.ts';
import { handshakeProblems } from './checks.ts';
import { processInstances } from './observations.ts';

type World = { parameters: unknown };

Then("the Runner's hello reached the algorithm before any call and within 2 seconds", function (this: World) {
  const s = session(this);
  judge(this, 'WR-PROTO-01', 'the handshake did not precede the calls', `hello {type, runner_version} before the first call, within ${HELLO_REPLY_MS} ms`,
    handshakeProblems(s.reader.all, HELLO_REPLY_MS), s.records);
});

Then('every frame the algorithm received was a length-prefixed JSON object of a known type', function (this: World) {
  const s = session(this);
  const problems: string[] = [];
  for (const o of s.reader.all) {
    if (o.type === 'violation' && o.kind !== 'call-before-hello') problems.push(`${o.kind}: ${o.detail}`);
    if (o.type === 'frame' && o.schemaErrors) problems.push(`${o.frameType} frame: ${o.schemaErrors}`);
  }
  judge(this, 'WR-PROTO-02', 'the Runner wrote something that is not a valid frame', '4-byte big-endian length + UTF-8 JSON object of type hello, ping, call or shutdown', problems, s.records);
});

Then('the Runner reported a protocol failure rather than a result', function (this: World) {
  const r = session(this).records.at(-1)!;
  const o = r.report.outcome;
  judge(this, 'WR-PROTO-03', 'the Runner read a broken stdout as an answer', 'an outcome other than a result (protocol failure, crash)',
    o.kind === 'result' ? [`the Runner reported ${JSON.stringify(o)}`] : [], r);
});

Then("that step's call went to a new algorithm process", function (this: World) {
  const records = session(this).records;
  const [before, after] = [records.at(-2), records.at(-1)];
  if (!before || !after) throw new Error('needs two steps');
  // By process, not pid: a later process may get the pid of an earlier one (observations.ts).
  const processOf = processInstances(session(this).reader.all);
  const problems = !after.calls.length ? [`step ${after.n}: no call reached an algorithm process`]
    : after.calls.some((c) => before.calls.some((b) => processOf.get(b) === processOf.get(c)))
      ? [`step ${after.n}'s call went to process ${after.calls[0]!.pid}, the one whose stdout broke in step ${before.n}`] : [];
  judge(this, 'WR-PROTO-03', 'the Runner kept using a stream whose framing was lost', 'a new algorithm process after junk on stdout', problems, [before, after]);
});
