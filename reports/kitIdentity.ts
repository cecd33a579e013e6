/**
 * Who produced a report: the kit's version and git commit, and the machine it ran on.
 * Recorded in results.json so the certificate can be derived from it later.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';

export interface KitIdentity {
  name: 'pv-conform';
  version: string;
  /** Absent when the kit is not a git checkout (e.g. installed from a tarball). */
  commit?: string;
  /** True when tracked files differ from the commit: the commit alone does not reproduce the kit. */
  dirty?: boolean;
}

export interface Environment { node: string; platform: string; arch: string }

function kitVersion(): string {
  return (JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: kitRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return undefined;
  }
}

let identity: KitIdentity | undefined;

/**
 * Read once per process, at its first report: every run of a process uses the code the process
 * loaded when it started, so its later reports have nothing new to ask git. Each git call is a
 * fork of this process, and one invocation may write a hundred reports (the kill matrix's batches).
 */
export function kitIdentity(): KitIdentity {
  identity ??= readKitIdentity();
  return { ...identity };
}

function readKitIdentity(): KitIdentity {
  // Installed into a vendor's repository, the kit sits inside their work tree: their commit is not the kit's.
  const [top, commit] = git(['rev-parse', '--show-toplevel', 'HEAD'])?.split('\n') ?? [];
  if (!top || realpathSync(top) !== realpathSync(kitRoot)) return { name: 'pv-conform', version: kitVersion() };
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) return { name: 'pv-conform', version: kitVersion() };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { name: 'pv-conform', version: kitVersion(), commit, dirty: status === undefined ? true : status.length > 0 };
}

export function environment(): Environment {
  return { node: process.version, platform: process.platform, arch: process.arch };
}
