/**
 * The kit as a vendor gets it: `npm pack`, the tarball installed into a fresh project, and
 * `npx pv-conform` run from that project's directory, where every path the vendor gives is
 * theirs: a Python SDK copied into the project and named relatively, by command line and by
 * `python:`, a TypeScript SDK module of theirs by `node:`, report directories, a baseline written with -o and read back with --expectations,
 * and the certificate verified. npm install needs the registry for the kit's dependencies; npm's
 * cache serves them when it has them (--prefer-offline).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { withoutKitLoader } from '../../kit/childEnv.ts';
import type { RunReport } from '../../reports/runReport.ts';

const PYTHON = '/usr/bin/python3';
const SHIM_IN_PROJECT = 'node_modules/pv-conform/adapters/python/pv_conform_shim.py';
/** One clause's scenarios: enough for a verdict through the shim, in seconds. */
const PY_TAGS = '@RD-CS-01';

interface Ran { code: number | null; stdout: string; out: string }

/** The installed copy, not this checkout: no tsx loader, no coverage of a copy of the kit. */
function env(): NodeJS.ProcessEnv {
  // Emptied, not deleted: spawn() gives a child the parent's NODE_V8_COVERAGE when its env lacks it.
  return { ...withoutKitLoader(), NODE_V8_COVERAGE: '', PV_CONFORM_FROM_SOURCES: '' };
}

function sh(command: string, args: string[], cwd: string): Promise<Ran> {
  const child = spawn(command, args, { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let out = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  return new Promise((resolve) => {
    child.once('error', (e) => resolve({ code: null, stdout, out: `${out}\n${e.message}` }));
    child.once('close', (code) => resolve({ code, stdout, out }));
  });
}

const python = existsSync(PYTHON) ? false : `${PYTHON} is missing`;

describe('the packed kit, installed into a vendor\'s project', { skip: python }, () => {
  let root: string;
  let project: string;
  let packed: string[] = [];
  const pvConform = (...args: string[]) => sh('npx', ['pv-conform', ...args], project);
  const results = (dir: string) => JSON.parse(readFileSync(join(project, dir, 'results.json'), 'utf8')) as RunReport;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'pv-conform-pack-'));
    const pack = await sh('npm', ['pack', '--json', '--pack-destination', root], kitRoot);
    assert.equal(pack.code, 0, pack.out);
    // The JSON on stdout; npm's notices go to stderr.
    const json = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = json[0]!.files.map((f) => f.path);
    project = join(root, 'vendor-project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'vendor-project', version: '1.0.0', private: true }));
    const install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(root, json[0]!.filename)], project);
    assert.equal(install.code, 0, install.out);
    // A repository of the vendor's, whose commit is not the kit's.
    for (const args of [['init', '-q'], ['add', 'package.json'], ['-c', 'user.name=Vendor', '-c', 'user.email=vendor@example.com', 'commit', '-q', '-m', 'vendor']]) {
      const git = await sh('git', args, project);
      assert.equal(git.code, 0, git.out);
    }
    // The vendor's SDK, in their repository, and an interpreter of their own choosing beside it.
    cpSync(join(kitRoot, 'implementations', 'python-fixture-sdk'), join(project, 'vendor-sdk'), { recursive: true });
    mkdirSync(join(project, 'tools'));
    symlinkSync(PYTHON, join(project, 'tools', 'python3'));
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('ships what the CLI needs at run time and nothing of the kit\'s own development', () => {
    for (const p of packed) assert.doesNotMatch(p, /^(test|bench|coverage|\.cache|\.ci|pv-reports|node_modules)\/|__pycache__|\.pyc$/, p);
    for (const needed of ['bin/pv-conform.mjs', 'cli/main.ts', 'kit/paths.ts', 'adapter/resolveReaderTarget.ts', 'adapters/python/pv_conform_shim.py', 'adapters/node/pv_conform_node_shim.ts',
      'steps/support/world.ts', 'features/reader/robustness.feature', 'generators/registry.ts', 'schemas/results.schema.json', 'catalog/reader.json',
      'reports/runReport.ts', 'probe/main.ts', 'implementations/reference-sdk/binding.ts', 'implementations/reference-runner/index.ts',
      'implementations/python-fixture-sdk/procvision_algorithm_sdk/shared_memory.py', 'expectations/mutant-bgr-unswapped.json',
      'docs/versioning.md', 'README.md', 'CHANGELOG.md', 'package.json']) {
      assert.ok(packed.includes(needed), `${needed} is not in the package`);
    }
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'pv-conform', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.private, undefined, 'a private package cannot be published');
  });

  test('npx pv-conform run certifies the reference, and verify-certificate accepts the result', async () => {
    const r = await pvConform('run', '--num-runs', '2', '--quiet');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^CONFORMANT: /m);
    const report = results('pv-reports');
    assert.equal(report.verdict, 'conformant');
    // The kit installed from a tarball has no commit, whatever repository it was installed into.
    const { version } = JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(report.kit, { name: 'pv-conform', version });
    const v = await pvConform('verify-certificate', 'pv-reports');
    assert.equal(v.code, 0, v.out);
    // A baseline written where the vendor says, for the gate below.
    const b = await pvConform('baseline', 'pv-reports/results.json', '-o', 'gates/known.json');
    assert.equal(b.code, 0, b.out);
    assert.ok(existsSync(join(project, 'gates', 'known.json')));
  });

  test('a Python SDK target given by relative paths (shim and SDK) runs from the vendor\'s directory', async () => {
    const r = await pvConform('run', '--target', `${PYTHON} ${SHIM_IN_PROJECT} --sdk-path vendor-sdk`, '--tags', PY_TAGS,
      '--num-runs', '2', '--quiet', '--report-dir', 'reports/by-path');
    assert.equal(r.code, 0, r.out);
    const report = results('reports/by-path');
    assert.equal(report.verdict, 'conformant');
    assert.equal(report.totals.errored, 0);
    assert.ok(report.totals.passed > 0);
    assert.equal((report.implementation as { language?: string }).language, 'python');
  });

  test('--target python:<dir> with --python, a feature path and --expectations, all relative to the vendor', async () => {
    const feature = 'node_modules/pv-conform/features/reader/color-space.feature';
    const r = await pvConform('run', '--target', 'python:vendor-sdk', '--python', 'tools/python3', '--tags', PY_TAGS, feature,
      '--num-runs', '2', '--quiet', '--report-dir', 'reports/by-name', '--expectations', 'gates/known.json');
    assert.equal(r.code, 0, r.out);
    const report = results('reports/by-name');
    assert.equal(report.target, 'python:vendor-sdk');
    assert.equal(report.totals.errored, 0);
    assert.ok(report.totals.passed > 0);
    assert.ok(report.scenarios.every((s) => s.uri === 'features/reader/color-space.feature'), report.scenarios.map((s) => s.uri).join(', '));
    assert.equal((report.implementation as { name?: string }).name, 'procvision_algorithm_sdk');
    // Valid, and plain that it covers part of the suite only.
    const v = await pvConform('verify-certificate', 'reports/by-name');
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /^VALID: .*procvision_algorithm_sdk 0\.1\.0 .*partial run/m);
  });

  test('--target node:<module> binds a TypeScript SDK module of the vendor\'s, without an adapter', async () => {
    // The vendor's SDK: the reference SDK's functions under the spec's names, kept in fs segments.
    mkdirSync(join(project, 'vendor-js'));
    writeFileSync(join(project, 'vendor-js', 'sdk.ts'), [
      "import { createSdk } from 'pv-conform/implementations/reference-sdk/sdk.ts';",
      'const sdk = createSdk();',
      'export const read_image_from_shared_memory = (id: string, meta: unknown) => sdk.read(id, meta);',
      "export const dev_write_image_to_shared_memory = (id: string, bytes: Uint8Array) => sdk.devWriteBytes(id, bytes, 'fs');",
      "export const write_image_array_to_shared_memory = (id: string, array: Parameters<typeof sdk.writeArray>[1]) => sdk.writeArray(id, array, 'fs');",
      'export const dev_clear_shared_memory = (id: string) => sdk.clear(id);',
    ].join('\n'));
    const r = await pvConform('run', '--target', 'node:./vendor-js/sdk.ts', '--tags', PY_TAGS, '--num-runs', '2', '--quiet', '--report-dir', 'reports/node');
    assert.equal(r.code, 0, r.out);
    const report = results('reports/node');
    assert.equal(report.totals.errored, 0);
    assert.ok(report.totals.passed > 0);
    assert.deepEqual(report.implementation, {
      name: 'vendor-project', version: '1.0.0', language: 'typescript', specGenerations: ['v1', 'v2'], transports: ['fs'],
      capabilities: ['write-bytes', 'write-array', 'clear', 'scribble', 'read-timing'],
    });
  });
});
