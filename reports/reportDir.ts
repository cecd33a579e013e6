/**
 * A report directory (`run --report-dir`, `merge -o`) belongs to the user, who may point it
 * anywhere, their home included. So the kit writes there only when the directory is missing,
 * empty, or holds a report it wrote before, recognised by its manifest (pv-conform-report.json),
 * and then replaces only the files that manifest lists. One run at a time writes a directory
 * (a lock file holding the writer's pid). Every report is written into a staging directory inside
 * it and renamed into place at the end, so a full disk or a crash never leaves a truncated
 * report over a good one, and the certificate hashes exactly what ends up in place.
 * docs/reports.md ("The report directory") says the same for users.
 */
import {
  closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync, type Dirent,
} from 'node:fs';
import { join } from 'node:path';
import { fsErrorText, OutputError, writeFileAtomic } from '../kit/outputFile.ts';
import { fileKind, readRegularFile } from '../kit/regularFile.ts';
import { assertValid } from '../kit/schemas.ts';
import { CERTIFICATE_FILE } from './certificate.ts';
import { INPUT_NAME, INPUTS_DIR } from './failureInputs.ts';
import { REPORT_FILES } from './fileHashes.ts';
import type { KitIdentity } from './kitIdentity.ts';
import type { RunReport } from './runReport.ts';

export const MANIFEST_FILE = 'pv-conform-report.json';
export const LOCK_FILE = '.pv-conform.lock';
/** Where cucumber and the kit write a run's reports before they are renamed into place. */
export const STAGING_DIR = '.pv-conform-staging';
/** Every file the kit may write into a report directory, in the order they are put in place (the certificate last). */
export const KIT_FILES: readonly string[] = [...REPORT_FILES, CERTIFICATE_FILE];
/**
 * Where other parts of the kit write by default below pv-reports/ (coverage --probe-readings,
 * npm run mutants, the browser tests' screenshots): a directory holding only those is not
 * someone else's. The kit writes no file of those names, so nothing in them can be replaced.
 */
const KIT_SUBDIRS = ['reading-probe', 'mutants', 'screenshots'];
/** Longer than any run takes between creating its lock and writing its pid into it. */
const UNNAMED_LOCK_STALE_MS = 10_000;

export class ReportDirError extends OutputError {}

export interface ReportManifest {
  manifestVersion: 1;
  kit: KitIdentity;
  run: Pick<RunReport, 'side' | 'target' | 'startedAt' | 'finishedAt' | 'verdict'> & { command: 'run' | 'merge' };
  files: string[];
  /** The failures' input files in inputs/, by name (reports/failureInputs.ts). */
  inputs?: string[];
}

/** Locks this process holds: its own pid in a lock file is then not a stale lock. */
const held = new Set<string>();

export class ReportDir {
  readonly staging: string;
  private released = false;
  // A process.exit() anywhere still removes the lock and the staging directory.
  private readonly onExit = () => this.release();

  private constructor(readonly dir: string, private readonly command: 'run' | 'merge', private listed: string[], private listedInputs: string[]) {
    this.staging = join(dir, STAGING_DIR);
    process.on('exit', this.onExit);
  }

  /**
   * Before anything runs: creates `dir` when missing, refuses it (ReportDirError, one line) when
   * it cannot be written, holds other files, or another run is writing it; then locks it and
   * makes an empty staging directory. `option` is how the user named it, for the messages.
   */
  static open(dir: string, o: { command: 'run' | 'merge'; option: string }): ReportDir {
    const what = `${o.option} ${dir}`;
    prepare(dir, what);
    // Refused before the lock is written: a refused directory is left exactly as it was.
    inspect(dir, what);
    // Also the check that the directory can be written: it is the first file the kit creates there.
    takeLock(dir, what);
    try {
      // Again under the lock: a run that was writing it may have finished in between.
      const listed = inspect(dir, what);
      // A staging directory left by a killed run: the lock just taken says no run is using it.
      rmSync(join(dir, STAGING_DIR), { recursive: true, force: true });
      mkdirSync(join(dir, STAGING_DIR));
      return new ReportDir(dir, o.command, listed.files, listed.inputs);
    } catch (e) {
      releaseLock(dir);
      if (e instanceof ReportDirError) throw e;
      throw new ReportDirError(`cannot write to ${what}: ${fsErrorText(e)}`);
    }
  }

  /**
   * Puts the staged reports in place. Every destination is checked before the first rename, and
   * the manifest lists the old files and the new ones together while they are being replaced,
   * so whatever stops the kit midway, every file it wrote stays listed for the next run to
   * replace. A file of the previous report that this run did not write is removed (it would
   * describe another run). Throws node's error when something cannot be written.
   */
  publish(report: RunReport): string[] {
    const written = KIT_FILES.filter((name) => lstatSync(join(this.staging, name), { throwIfNoEntry: false })?.isFile());
    const inputs = this.stagedInputs();
    for (const name of written) {
      const existing = lstatSync(join(this.dir, name), { throwIfNoEntry: false });
      if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
        throw new Error(`${join(this.dir, name)} is ${fileKind(existing)}, which the kit does not replace`);
      }
    }
    const inputsDir = join(this.dir, INPUTS_DIR);
    if (inputs.length) {
      const existing = lstatSync(inputsDir, { throwIfNoEntry: false });
      if (existing && !existing.isDirectory()) throw new Error(`${inputsDir} is ${fileKind(existing)}, not the directory the kit writes failing inputs into`);
      for (const name of inputs) {
        const at = lstatSync(join(inputsDir, name), { throwIfNoEntry: false });
        // Only a file the manifest lists is the kit's to replace; the names hold a hash, so a clash means someone else's file.
        if (at && (!this.listedInputs.includes(name) || (!at.isFile() && !at.isSymbolicLink()))) {
          throw new Error(`${join(inputsDir, name)} is not a file the kit wrote, and the kit does not replace it`);
        }
      }
    }
    this.writeManifest(report, [...new Set([...this.listed, ...written])], [...new Set([...this.listedInputs, ...inputs])]);
    if (inputs.length) mkdirSync(inputsDir, { recursive: true });
    for (const name of inputs) renameSync(join(this.staging, INPUTS_DIR, name), join(inputsDir, name));
    for (const name of written) renameSync(join(this.staging, name), join(this.dir, name));
    const stale = [...this.listed.filter((n) => !written.includes(n)), ...this.listedInputs.filter((n) => !inputs.includes(n)).map((n) => join(INPUTS_DIR, n))];
    for (const name of stale) {
      const at = lstatSync(join(this.dir, name), { throwIfNoEntry: false });
      if (at?.isFile() || at?.isSymbolicLink()) unlinkSync(join(this.dir, name));
    }
    this.writeManifest(report, written, inputs);
    // An inputs/ directory the kit emptied goes too; one still holding anything stays as it is.
    if (!inputs.length && this.listedInputs.length) {
      try {
        rmdirSync(inputsDir);
      } catch {
        // not empty, or gone already
      }
    }
    this.listed = written;
    this.listedInputs = inputs;
    return written;
  }

  /** The input files reports/failureInputs.ts wrote into the staging directory: plain files with plain names only. */
  private stagedInputs(): string[] {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(this.staging, INPUTS_DIR), { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.filter((e) => e.isFile() && INPUT_NAME.test(e.name)).map((e) => e.name).sort();
  }

  /** Removes the staging directory and the lock; safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      rmSync(this.staging, { recursive: true, force: true });
    } catch {
      // the lock still goes
    }
    releaseLock(this.dir);
  }

  private writeManifest(report: RunReport, files: string[], inputs: string[]): void {
    const manifest: ReportManifest = {
      manifestVersion: 1,
      kit: report.kit,
      run: { command: this.command, side: report.side, target: report.target, startedAt: report.startedAt, finishedAt: report.finishedAt, verdict: report.verdict },
      files,
      ...(inputs.length ? { inputs } : {}),
    };
    assertValid('report-manifest.schema.json', manifest, MANIFEST_FILE);
    const staged = join(this.staging, MANIFEST_FILE);
    writeFileAtomic(staged, JSON.stringify(manifest, null, 2) + '\n');
    renameSync(staged, join(this.dir, MANIFEST_FILE));
  }
}

/** The directory exists, created when missing. Whether it can be written, the lock file shows. */
function prepare(dir: string, what: string): void {
  let stat;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    // ENOTDIR: a part of the path is a file; EACCES: a directory on the way is closed.
    throw new ReportDirError(`cannot create ${what}: ${fsErrorText(e)}`);
  }
  if (stat && !stat.isDirectory()) throw new ReportDirError(`${what} is ${fileKind(stat)}, not a directory`);
  if (stat) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ReportDirError(`cannot create ${what}: ${fsErrorText(e)}`);
  }
}

/** The names the kit itself may leave in a report directory besides its reports. */
function isKitOwned(entry: Dirent): boolean {
  return entry.name === STAGING_DIR || entry.name === LOCK_FILE || entry.name.startsWith(`${LOCK_FILE}.`)
    || (entry.isDirectory() && KIT_SUBDIRS.includes(entry.name));
}

/** The files the directory's manifest lists (none for a new or empty directory), or a refusal. */
function inspect(dir: string, what: string): { files: string[]; inputs: string[] } {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ReportDirError(`cannot read ${what}: ${fsErrorText(e)}`);
  }
  if (!entries.some((e) => e.name === MANIFEST_FILE)) {
    const others = entries.filter((e) => !isKitOwned(e)).map((e) => e.name).sort();
    if (others.length) {
      throw new ReportDirError(`${what} holds other files (${shown(others)}) and no pv-conform report (no ${MANIFEST_FILE}): ` +
        'give a new or empty directory, or one a pv-conform run wrote');
    }
    return { files: [], inputs: [] };
  }
  const manifest = readReportManifest(dir);
  const foreign = KIT_FILES.filter((name) => entries.some((e) => e.name === name) && !manifest.files.includes(name));
  if (foreign.length) {
    throw new ReportDirError(`${what} holds ${foreign.join(', ')}, which its ${MANIFEST_FILE} does not list (pv-conform did not write ` +
      `${foreign.length === 1 ? 'it' : 'them'}): move ${foreign.length === 1 ? 'it' : 'them'} away or choose another directory`);
  }
  const inputs = manifest.inputs ?? [];
  // An inputs/ holding files while the manifest lists none there is not the kit's: it adds nothing to it.
  if (!inputs.length && entries.some((e) => e.name === INPUTS_DIR) && !isEmptyDir(join(dir, INPUTS_DIR))) {
    throw new ReportDirError(`${what} holds ${INPUTS_DIR}/, which its ${MANIFEST_FILE} does not list (pv-conform did not write it): move it away or choose another directory`);
  }
  return { files: manifest.files, inputs };
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    // Not a directory (or unreadable): not the kit's either.
    return false;
  }
}

export function readReportManifest(dir: string): ReportManifest {
  const path = join(dir, MANIFEST_FILE);
  try {
    const doc = JSON.parse(readRegularFile(path).toString('utf8')) as unknown;
    return assertValid<ReportManifest>('report-manifest.schema.json', doc, MANIFEST_FILE);
  } catch (e) {
    throw new ReportDirError(`${path} is not a pv-conform report manifest (${fsErrorText(e)}); the kit does not write into that directory`);
  }
}

/** Names as they are, except those that would break the one-line message. */
function shown(names: string[]): string {
  const list = names.slice(0, 3).map((n) => (/[\u0000-\u001f\u007f]/.test(n) ? JSON.stringify(n) : n));
  return list.join(', ') + (names.length > 3 ? `, … ${names.length - 3} more` : '');
}

type LockHolder = { pid?: number; ageMs: number } | 'gone';

function lockHolder(path: string): LockHolder {
  try {
    const text = readRegularFile(path).toString('utf8').trim();
    const ageMs = Date.now() - lstatSync(path).mtimeMs;
    const pid = /^\d{1,10}$/.test(text) ? Number(text) : undefined;
    return pid !== undefined && pid > 0 ? { pid, ageMs } : { ageMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return { ageMs: 0 };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists, it is only not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lock: string, h: { pid?: number; ageMs: number }): boolean {
  if (h.pid === undefined) return h.ageMs > UNNAMED_LOCK_STALE_MS;
  // Our own pid, in a lock this process did not take: a container restarted with the same pids.
  if (h.pid === process.pid) return !held.has(lock);
  return !isAlive(h.pid);
}

function inUse(dir: string, lock: string, h: LockHolder): ReportDirError {
  if (h !== 'gone' && h.pid !== undefined) {
    return new ReportDirError(`${dir} is being written by another pv-conform run (pid ${h.pid}, in ${LOCK_FILE}): wait for it to end or choose another directory`);
  }
  return new ReportDirError(`${dir} is locked by ${lock}, which names no process: remove it if no pv-conform run is writing there`);
}

/**
 * O_EXCL creation: of two runs only one creates the file. A lock whose process is dead is moved
 * aside and checked before it is dropped: if another run took it over meanwhile, what was moved
 * is that run's fresh lock, and it is put back.
 */
function takeLock(dir: string, what: string): void {
  const lock = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      held.add(lock);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ReportDirError(`cannot write to ${what}: ${fsErrorText(e)}`);
    }
    const holder = lockHolder(lock);
    if (holder === 'gone') continue;
    if (!isStale(lock, holder)) throw inUse(dir, lock, holder);
    const aside = `${lock}.${process.pid}.stale`;
    try {
      renameSync(lock, aside);
    } catch {
      continue;
    }
    const moved = lockHolder(aside);
    const same = moved !== 'gone' && moved.pid === holder.pid;
    if (!same) {
      try {
        linkSync(aside, lock);
      } catch {
        // yet another run holds it now; either way the directory is in use
      }
    }
    unlinkSync(aside);
    if (!same) throw inUse(dir, lock, moved);
  }
  throw new ReportDirError(`${dir}: could not take ${LOCK_FILE}: other runs keep taking it`);
}

function releaseLock(dir: string): void {
  const lock = join(dir, LOCK_FILE);
  if (!held.delete(lock)) return;
  try {
    if (readRegularFile(lock).toString('utf8').trim() === String(process.pid)) unlinkSync(lock);
  } catch {
    // gone already, or the directory went away
  }
}
