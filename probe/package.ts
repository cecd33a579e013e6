/**
 * The probe in the shapes the specs say a Runner installs and starts an algorithm (issue 12,
 * point 2), for Runners that do not start an arbitrary argv:
 * - a package directory (v2 runner_spec): `manifest.json` (`name`, `version`, `entry_point`) at
 *   its root, started as `<python> -m procvision_algorithm_sdk.adapter --entry <entry_point>`
 *   with the cwd there; its name is `<name>-<version>`, the deploy directory v2 asks for;
 * - the offline zip (v1 runner_spec): that directory zipped, with `requirements.txt` naming the
 *   SDK and `wheels/` holding it as a pure-Python wheel, for Runners that make a venv and
 *   `pip install --no-index --find-links wheels -r requirements.txt`;
 * - an interpreter launcher: a module, a directory for PYTHONPATH and its arguments, for Runners
 *   that pick their own Python and working directory.
 *
 * All three run the same `procvision_algorithm_sdk/adapter.py` (probe/python/), which execs the
 * `argv` of the session: the probe is still the bundled Node file, and Python only has to start.
 * The session's argv is written into the package (`pv_conform_launch.json`, absolute paths), so
 * the package is made per session, in the session's directory, and nothing the Runner's
 * interpreter has installed, nor its cwd, nor its PATH, matters. Making one costs a few ms.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import { zipSync, type Zippable } from 'fflate';

export const PROBE_PACKAGE_NAME = 'pv_conform_probe';
export const PROBE_ENTRY_POINT = 'pv_conform_probe.main:PvConformProbe';
export const ADAPTER_MODULE = 'procvision_algorithm_sdk.adapter';
const SDK_DIST = 'procvision_algorithm_sdk';

/** What `start` offers besides `argv` (schemas/runner-driver/start.schema.json, `algorithm`). */
export interface ProbePackage {
  package: { dir: string; zip: string; name: string; version: string; entryPoint: string };
  python: { module: string; path: string; args: string[] };
}

/** The sources copied into every package, relative to probe/python/. */
const SOURCES = [
  'procvision_algorithm_sdk/__init__.py',
  'procvision_algorithm_sdk/adapter.py',
  'pv_conform_probe/__init__.py',
  'pv_conform_probe/main.py',
];

let memo: { version: string; sources: Map<string, Buffer> } | undefined;

/** The kit's version and the Python sources, read once per process: every session writes them. */
function fixed(): { version: string; sources: Map<string, Buffer> } {
  memo ??= {
    version: (JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { version: string }).version,
    sources: new Map(SOURCES.map((s) => [s, readFileSync(join(kitRoot, 'probe', 'python', s))])),
  };
  return memo;
}

/**
 * Writes the package directory and the offline zip for one session under `root` and returns
 * where they are; `command` is what the adapter execs (the probe's argv and env).
 */
export function writeProbePackage(root: string, command: { argv: string[]; env?: Record<string, string> }): ProbePackage {
  const { version, sources } = fixed();
  const dir = join(root, `${PROBE_PACKAGE_NAME}-${version}`);
  const launch = JSON.stringify({ argv: command.argv, env: command.env ?? {} }, null, 1) + '\n';
  const sdkFiles: Array<[string, Buffer]> = [
    ...SOURCES.filter((s) => s.startsWith(`${SDK_DIST}/`)).map((s) => [s, sources.get(s)!] as [string, Buffer]),
    [`${SDK_DIST}/pv_conform_launch.json`, Buffer.from(launch)],
  ];
  const wheelName = `${SDK_DIST}-${version}-py3-none-any.whl`;
  const manifest = {
    name: PROBE_PACKAGE_NAME,
    version,
    entry_point: PROBE_ENTRY_POINT,
    description: 'pv-conform probe: the algorithm a Runner under certification starts',
    supported_pids: ['PV-CONFORM'],
  };
  const files: Array<[string, Buffer]> = [
    ['manifest.json', Buffer.from(JSON.stringify(manifest, null, 1) + '\n')],
    ['requirements.txt', Buffer.from(`${SDK_DIST}==${version}\n`)],
    [`wheels/${wheelName}`, wheel(version, sdkFiles)],
    ...sdkFiles,
    ...SOURCES.filter((s) => !s.startsWith(`${SDK_DIST}/`)).map((s) => [s, sources.get(s)!] as [string, Buffer]),
  ];
  for (const [name, data] of files) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  const zip = join(root, `${PROBE_PACKAGE_NAME}-v${version}-offline.zip`);
  writeFileSync(zip, zipArchive(files));
  return {
    package: { dir, zip, name: PROBE_PACKAGE_NAME, version, entryPoint: PROBE_ENTRY_POINT },
    python: { module: ADAPTER_MODULE, path: dir, args: ['--entry', PROBE_ENTRY_POINT] },
  };
}

/** A pure-Python wheel (PEP 427): the files, then the dist-info with a RECORD of their hashes. */
function wheel(version: string, files: Array<[string, Buffer]>): Buffer {
  const info = `${SDK_DIST}-${version}.dist-info`;
  const all: Array<[string, Buffer]> = [
    ...files,
    [`${info}/METADATA`, Buffer.from(`Metadata-Version: 2.1\nName: ${SDK_DIST}\nVersion: ${version}\nSummary: pv-conform probe launcher (not the ProcVision SDK)\n`)],
    [`${info}/WHEEL`, Buffer.from('Wheel-Version: 1.0\nGenerator: pv-conform\nRoot-Is-Purelib: true\nTag: py3-none-any\n')],
  ];
  const record = all.map(([name, data]) => `${name},sha256=${createHash('sha256').update(data).digest('base64url')},${data.length}`);
  all.push([`${info}/RECORD`, Buffer.from([...record, `${info}/RECORD,,`].join('\n') + '\n')]);
  return zipArchive(all);
}

/**
 * A zip of stored (uncompressed) entries, by fflate: the files are a few KiB, and stored entries
 * are the part of the format every reader (Python's zipfile, pip, unzip) takes. A fixed time and
 * Unix mode, so the same files make the same bytes.
 */
export function zipArchive(files: Array<[string, Buffer]>): Buffer {
  const entries: Zippable = {};
  for (const [name, data] of files) entries[name] = [data, { level: 0, mtime: ZIP_TIME, os: 3, attrs: (0o100644 << 16) >>> 0 }];
  return Buffer.from(zipSync(entries));
}

const ZIP_TIME = new Date(2000, 0, 1);
