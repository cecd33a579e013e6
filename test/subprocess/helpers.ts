/** Shared by the subprocess tests: contexts, command lines and process-liveness checks. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetContext } from '../../adapter/types.ts';
import { kitRoot } from '../../kit/paths.ts';

export const PYTHON = '/usr/bin/python3';

/** Single-quoted for splitCommandLine, so checkouts with spaces in their path still work. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function kitPath(...parts: string[]): string {
  return join(kitRoot, ...parts);
}

export function nodeFixture(mode: string): string {
  return `${quote(process.execPath)} ${quote(kitPath('test/fixtures/hostile-adapter.mjs'))} ${mode}`;
}

export function tsxScript(...parts: string[]): string {
  return `${quote(process.execPath)} --import tsx ${quote(kitPath(...parts))}`;
}

export function pythonShim(...extra: string[]): string {
  return [PYTHON, quote(kitPath('adapters/python/pv_conform_shim.py')), ...extra].join(' ');
}

export interface TestContext extends TargetContext {
  dispose(): void;
}

export function makeContext(requestTimeoutMs = 10_000): TestContext {
  const root = mkdtempSync(join(tmpdir(), 'pv-conform-test-'));
  const shmDir = join(root, 'shm');
  const scratchDir = join(root, 'scratch');
  mkdirSync(shmDir);
  mkdirSync(scratchDir);
  return { shmDir, scratchDir, requestTimeoutMs, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Dead or a zombie: either way the process no longer runs. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

/** Polls until every pid is gone or reaped; the deadline only bounds a failing wait. */
export async function waitUntilGone(pids: number[], ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pids.every(isGone)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return pids.every(isGone);
}
