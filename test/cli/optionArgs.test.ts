/**
 * optionArgs (a config's options to `run`'s arguments) and configOptionsOf (a run's arguments
 * back to config options, as the kill matrix writes its batches) are inverses, for every option
 * key the config schema has: a key added to one and not the other fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configOptionsOf, optionArgs, type ConfigOptions } from '../../cli/config.ts';
import { kitRoot } from '../../kit/paths.ts';

const schemaKeys = Object.keys((JSON.parse(readFileSync(join(kitRoot, 'schemas', 'config.schema.json'), 'utf8')) as {
  definitions: { options: { properties: Record<string, unknown> } };
}).definitions.options.properties).filter((k) => !['$schema', 'targets', 'features'].includes(k));

/** A value for every key; paths absolute, as optionArgs makes them. */
const every: Required<Omit<ConfigOptions, 'features'>> = {
  side: 'writer', target: 'python:/sdk dir', python: '/usr/bin/python3', runner: 'node runner.mjs --flag=x', profile: 'strict',
  readings: { 'RD-CS-02': 'case-sensitive', 'RD-ARR-04': 'a=b' }, tags: '@RD-META-01 or @RD-CS-01', name: '\\(v2, fs\\)$',
  seed: 42, numRuns: 7, noShrink: true, reportDir: '/reports', timeout: 30_000, memoryLimitMb: 512, parallel: 2,
  forceParallel: true, cleanupDeadlineMs: 900, pixelTolerance: 3, executeTimeoutMs: 1500, shard: '1/2',
  expectations: '/pv-conform.expectations.json', quiet: true, progress: false,
};

test('every option key of the config schema goes through optionArgs and back through configOptionsOf unchanged', () => {
  assert.deepEqual(Object.keys(every).sort(), schemaKeys.sort(), 'the options here and the schema\'s');
  assert.deepEqual(configOptionsOf(optionArgs(every, '/cfg').args), every);
  assert.deepEqual(configOptionsOf(optionArgs({ progress: true }, '/cfg').args), { progress: true });
});

test('configOptionsOf takes "--flag value" as well, and refuses a flag with no config key or no value', () => {
  assert.deepEqual(configOptionsOf(['--side', 'writer', '--runner', 'mutant:x', '--reading', 'A-B-01=one', '--reading', 'C-D-02=two', '--tags', '@A-B-01', '--name', '\\(v2, fs\\)$', '--shard', '1/2', '--seed', '9']), {
    side: 'writer', runner: 'mutant:x', tags: '@A-B-01', name: '\\(v2, fs\\)$', shard: '1/2', seed: 9, readings: { 'A-B-01': 'one', 'C-D-02': 'two' },
  });
  assert.throws(() => configOptionsOf(['--verbose']), /no config option for --verbose/);
  assert.throws(() => configOptionsOf(['--target']), /--target without a value/);
  assert.throws(() => configOptionsOf(['--reading', 'RD-CS-02']), /not CLAUSE=READING/);
});
