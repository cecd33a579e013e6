/**
 * What a user types is read from where they typed it: `python:` and `node:` targets, the
 * interpreter, feature paths, and the relative paths inside a target's or driver's command line,
 * which is started in the user's directory to keep them, although cucumber runs in the kit's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitCommandLine } from '../../adapter/subprocess/commandLine.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { DEFAULT_PYTHON, nodeCommandLine, PYTHON_SHIM, pythonCommandLine, resolveReaderTarget, TargetError } from '../../adapter/resolveReaderTarget.ts';
import { userFeaturePaths } from '../../cli/selection.ts';
import { kitRoot } from '../../kit/paths.ts';
import { resolveRunnerDriver } from '../../adapter/runner/resolve.ts';
import { PYTHON, makeContext, quote } from '../subprocess/helpers.ts';

const FIXTURE_SDK = join(kitRoot, 'implementations', 'python-fixture-sdk');

/** A vendor's repository: their SDK under sdk/, a package named otherwise under lib/. */
let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'pv-conform-user-paths-'));
  cpSync(FIXTURE_SDK, join(home, 'sdk'), { recursive: true });
  mkdirSync(join(home, 'lib', 'acme_vision'), { recursive: true });
  writeFileSync(join(home, 'lib', 'acme_vision', '__init__.py'), '');
  mkdirSync(join(home, 'tools'));
  symlinkSync(PYTHON, join(home, 'tools', 'python3'));
  mkdirSync(join(home, 'features'));
  writeFileSync(join(home, 'features', 'mine.feature'), 'Feature: mine\n');
});
after(() => rmSync(home, { recursive: true, force: true }));

/** The argv the shim is started with: what the shim's argparse sees. */
const argv = (spec: string, options: { python?: string } = {}) => splitCommandLine(pythonCommandLine(spec, { cwd: home, ...options })).argv;

describe('--target python:<sdk>', () => {
  test('a directory holding the SDK package goes on sys.path; the module is the spec\'s', () => {
    assert.deepEqual(argv('sdk'), [DEFAULT_PYTHON, PYTHON_SHIM, '--sdk-path', join(home, 'sdk')]);
    assert.deepEqual(argv('./sdk/'), [DEFAULT_PYTHON, PYTHON_SHIM, '--sdk-path', join(home, 'sdk')]);
  });

  test('the package directory itself: its parent goes on sys.path, and it names the module', () => {
    assert.deepEqual(argv('sdk/procvision_algorithm_sdk'), [DEFAULT_PYTHON, PYTHON_SHIM, '--sdk-path', join(home, 'sdk'), '--module', 'procvision_algorithm_sdk.shared_memory']);
    assert.deepEqual(argv('lib/acme_vision'), [DEFAULT_PYTHON, PYTHON_SHIM, '--sdk-path', join(home, 'lib'), '--module', 'acme_vision']);
  });

  test('a module name that is no directory here is imported as installed; dir:module names both', () => {
    assert.deepEqual(argv('acme_vision.shm'), [DEFAULT_PYTHON, PYTHON_SHIM, '--module', 'acme_vision.shm']);
    assert.deepEqual(argv('lib:acme_vision'), [DEFAULT_PYTHON, PYTHON_SHIM, '--sdk-path', join(home, 'lib'), '--module', 'acme_vision']);
  });

  test('--python: a relative interpreter is the user\'s, found from their directory', () => {
    assert.deepEqual(argv('sdk', { python: 'tools/python3' }), ['tools/python3', PYTHON_SHIM, '--sdk-path', join(home, 'sdk')]);
  });

  test('a missing directory or interpreter is one line naming what is wrong', () => {
    assert.throws(() => argv('./nope'), (e: Error) => e instanceof TargetError && /^python:\.\/nope: \.\/nope is not a directory/.test(e.message) && !e.message.includes('\n'));
    assert.throws(() => argv(''), (e: Error) => e instanceof TargetError && /^python: needs the SDK's directory or module/.test(e.message));
    assert.throws(() => argv('sdk', { python: 'tools/nope' }), (e: Error) => e instanceof TargetError && e.message === 'python:sdk: the interpreter tools/nope is not an executable file; name another with --python EXE');
    assert.throws(() => argv('sdk', { python: 'no-such-python' }), (e: Error) => e instanceof TargetError && / no-such-python is not an executable file on PATH;/.test(e.message));
  });

  test('resolves to the bundled shim, which completes its hello with the user\'s SDK', async () => {
    const ctx = makeContext();
    try {
      const factory = await resolveReaderTarget('python:sdk', { cwd: home });
      const adapter = await factory({ ...ctx, cwd: home });
      try {
        const hello = await adapter.hello();
        assert.equal(hello.name, 'procvision_algorithm_sdk');
      } finally {
        await adapter.close();
      }
    } finally {
      ctx.dispose();
    }
  });
});

/** A vendor's JavaScript SDK: a module of their own with an fs layout, and no array writer yet. */
const JS_SDK = `import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const file = (id) => join(process.env.PROC_SHM_DIR, id + '.bin');
export function dev_write_image_to_shared_memory(id, bytes) { mkdirSync(process.env.PROC_SHM_DIR, { recursive: true }); writeFileSync(file(id), bytes); }
export function dev_clear_shared_memory(id) { rmSync(file(id), { force: true }); }
export function read_image_from_shared_memory(id, meta) {
  if (id === 'throws') throw new RangeError('no such frame');
  try { readFileSync(file(id)); } catch { return null; }
  return { dtype: 'uint8', shape: [meta.height, meta.width, 3], data: new Uint8Array(meta.height * meta.width * 3) };
}
`;

describe('--target node:<module>', () => {
  before(() => {
    mkdirSync(join(home, 'js', 'node_modules', 'acme-sdk'), { recursive: true });
    writeFileSync(join(home, 'js', 'sdk.mjs'), JS_SDK);
    writeFileSync(join(home, 'js', 'package.json'), JSON.stringify({ name: 'acme-js-sdk', version: '2.1.0' }));
    writeFileSync(join(home, 'js', 'node_modules', 'acme-sdk', 'package.json'), JSON.stringify({ name: 'acme-sdk', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(home, 'js', 'node_modules', 'acme-sdk', 'index.js'), '');
    mkdirSync(join(home, 'js', 'node_modules', '@acme', 'sdk'), { recursive: true });
    writeFileSync(join(home, 'js', 'node_modules', '@acme', 'sdk', 'package.json'), JSON.stringify({ name: '@acme/sdk', version: '1.0.0', main: 'main.js' }));
    writeFileSync(join(home, 'js', 'node_modules', '@acme', 'sdk', 'main.js'), '');
  });

  test('a module path is the user\'s; a package name is found from their directory', () => {
    const node = (spec: string, cwd = home) => splitCommandLine(nodeCommandLine(spec, { cwd })).argv;
    assert.equal(node('js/sdk.mjs').at(-1), join(home, 'js', 'sdk.mjs'));
    assert.equal(node('./sdk.mjs', join(home, 'js')).at(-1), join(home, 'js', 'sdk.mjs'));
    assert.equal(node('acme-sdk', join(home, 'js')).at(-1), join(home, 'js', 'node_modules', 'acme-sdk', 'index.js'));
    assert.equal(node('@acme/sdk', join(home, 'js')).at(-1), join(home, 'js', 'node_modules', '@acme', 'sdk', 'main.js'));
    assert.deepEqual(node('js/sdk.mjs').slice(0, 2), [process.execPath, '--import']);
    assert.throws(() => node('./nope.mjs'), (e: Error) => e instanceof TargetError && e.message === 'node:./nope.mjs: no such file (relative paths are taken from the working directory)');
    assert.throws(() => node('acme-sdk'), (e: Error) => e instanceof TargetError && e.message === 'node:acme-sdk: no such file here, and no package acme-sdk installed where the command runs');
    assert.throws(() => node(''), (e: Error) => e instanceof TargetError && /^node: needs the SDK module/.test(e.message));
  });

  test('binds the module\'s functions over the protocol, and declares only what it exports', async () => {
    const ctx = makeContext();
    try {
      const adapter = await (await resolveReaderTarget('node:js/sdk.mjs', { cwd: home }))({ ...ctx, cwd: home });
      try {
        assert.deepEqual({ ...(await adapter.hello()) }, {
          name: 'acme-js-sdk', version: '2.1.0', language: 'javascript', specGenerations: ['v1', 'v2'], transports: ['fs'],
          capabilities: ['write-bytes', 'clear', 'scribble', 'read-timing'],
        });
        const noArrays = await adapter.writeArray('a', { dtype: 'uint8', shape: [1, 1, 3], data: new Uint8Array(3) });
        assert.ok(noArrays.status === 'skipped' && noArrays.cause?.name === 'write-array', JSON.stringify(noArrays));
        assert.equal((await adapter.writeBytes('cam 1', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).status, 'ok');
        const read = await adapter.read('cam 1', { width: 2, height: 1 });
        assert.ok(read.status === 'ok' && read.value.kind === 'image', JSON.stringify(read));
        assert.deepEqual(read.value.image.shape, [1, 2, 3]);
        const none = await adapter.read('never written', { width: 2, height: 1 });
        assert.ok(none.status === 'ok' && none.value.kind === 'none', JSON.stringify(none));
        const thrown = await adapter.read('throws', { width: 2, height: 1 });
        assert.ok(thrown.status === 'ok' && thrown.value.kind === 'exception' && thrown.value.type === 'RangeError', JSON.stringify(thrown));
        assert.equal((await adapter.writeBytes('posix one', Uint8Array.of(1), { transport: 'posix' })).status, 'skipped');
        assert.equal((await adapter.clear('cam 1')).status, 'ok');
        const cleared = await adapter.read('cam 1', { width: 2, height: 1 });
        assert.ok(cleared.status === 'ok' && cleared.value.kind === 'none', JSON.stringify(cleared));
      } finally {
        await adapter.close();
      }
    } finally {
      ctx.dispose();
    }
  });
});

describe('a target command line with relative paths', () => {
  test('is started in the directory the context names, so its paths are the user\'s', async () => {
    // The shim and the SDK exist only relative to `home`: from anywhere else this cannot start.
    cpSync(PYTHON_SHIM, join(home, 'shim.py'));
    const ctx = makeContext();
    try {
      const adapter = await createSubprocessTarget(`./tools/python3 shim.py --sdk-path sdk`)({ ...ctx, cwd: home });
      try {
        assert.equal((await adapter.hello()).name, 'procvision_algorithm_sdk');
      } finally {
        await adapter.close();
      }
    } finally {
      ctx.dispose();
    }
  });
});

describe('a Runner driver command line with relative paths', () => {
  test('is started in the user\'s directory, which the driver resolution is given', async () => {
    mkdirSync(join(home, 'drivers'), { recursive: true });
    cpSync(join(kitRoot, 'test', 'fixtures', 'hostile-driver.mjs'), join(home, 'drivers', 'runner-driver.mjs'));
    const driver = await resolveRunnerDriver(`${quote(process.execPath)} drivers/runner-driver.mjs crash-on-step`, { requestSlackMs: 500, cwd: home });
    try {
      const started = await driver.start({ argv: [process.execPath, '-e', ''] }, { generation: 'v2', transport: 'fs', shmDir: home, executeTimeoutMs: 1000 });
      assert.equal(started.status, 'ok', JSON.stringify(started));
    } finally {
      await driver.stop();
    }
  });
});

describe('a Runner driver command line with leading NAME=value words', () => {
  test('sets them in the driver\'s environment, as for a reader target', async () => {
    const out = join(home, 'driver-env.txt');
    const script = `require('fs').writeFileSync(process.env.PV_OUT, process.env.ACME_MODE + '|' + process.env.ACME_PATH)`;
    const driver = await resolveRunnerDriver(`PV_OUT=${quote(out)} ACME_MODE=strict ACME_PATH="a b" ${quote(process.execPath)} -e ${quote(script)}`, { requestSlackMs: 500, cwd: home });
    try {
      // The driver writes its environment and exits without a reply: the start fails, the file stays.
      const started = await driver.start({ argv: [process.execPath, '-e', ''] }, { generation: 'v2', transport: 'fs', shmDir: home, executeTimeoutMs: 1000 });
      assert.equal(started.status, 'errored', JSON.stringify(started));
    } finally {
      await driver.stop();
    }
    assert.equal(readFileSync(out, 'utf8'), 'strict|a b');
  });
});

describe('feature paths', () => {
  test('a path that exists where the user is means that file; others mean the kit\'s', () => {
    assert.deepEqual(userFeaturePaths(['features/mine.feature:3', 'features/reader/robustness.feature:33'], home), [
      `${join(home, 'features', 'mine.feature')}:3`,
      // Not here: left for the kit, as a replay command names it.
      'features/reader/robustness.feature:33',
    ]);
    // Inside the kit, its features keep the kit-relative names reports and replay commands use.
    assert.deepEqual(userFeaturePaths(['features/reader/robustness.feature:33:40'], kitRoot), ['features/reader/robustness.feature:33:40']);
    assert.deepEqual(userFeaturePaths(['robustness.feature:33', '.'], join(kitRoot, 'features', 'reader')), ['features/reader/robustness.feature:33', 'features/reader']);
  });
});
