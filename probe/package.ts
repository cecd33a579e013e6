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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of stored (uncompressed) entries: the files are a few KiB, and stored entries are the
 * part of the format every reader (Python's zipfile, pip, unzip) takes, with no zlib in between.
 * Times are the DOS epoch, so the same files make the same bytes.
 */
export function zipArchive(files: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const [name, data] of files) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += local.length + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
