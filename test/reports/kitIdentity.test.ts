/**
 * The kit's identity in a report when the kit is its own git checkout: the commit git names and
 * whether tracked files differ from it, read once per process and handed out as copies. (The kit
 * installed from a tarball into a vendor's repository has no commit: test/e2e/pack-install.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { kitRoot } from '../../kit/paths.ts';
import { kitIdentity } from '../../reports/kitIdentity.ts';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: kitRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const top = git(['rev-parse', '--show-toplevel']);
const ownCheckout = top !== undefined && realpathSync(top) === realpathSync(kitRoot) ? false : 'the kit is not its own git checkout here';

test('a checkout of the kit reports its commit and whether tracked files differ from it', { skip: ownCheckout }, () => {
  const id = kitIdentity();
  assert.equal(id.commit, git(['rev-parse', 'HEAD']));
  assert.equal(id.dirty, git(['status', '--porcelain', '--untracked-files=no'])!.length > 0);
  assert.equal(id.name, 'pv-conform');
});

test('the identity is the same on every call, and a caller changing its copy changes no later report', { skip: ownCheckout }, () => {
  const first = kitIdentity();
  first.commit = 'changed by a caller';
  const second = kitIdentity();
  assert.notEqual(second.commit, 'changed by a caller');
  assert.deepEqual(kitIdentity(), second);
});
