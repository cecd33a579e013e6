/**
 * A payload file is made by the other side, so the kit opens it without following a link and
 * without blocking, and reads it only when it is a regular file really inside its payload
 * directory: a FIFO must not hang the run, a symlink must not make the kit read any file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePayload, PayloadError } from '../../adapter/subprocess/payload.ts';
import { replySchema } from '../../adapter/subprocess/protocol.ts';
import { compileSchema } from '../../kit/schemas.ts';

function withDir(body: (dir: string, payloadDir: string) => Promise<void> | void) {
  return async () => {
    // Real paths, as the kit records its payload directory when it makes it.
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pv-payload-test-')));
    const payloadDir = join(dir, 'payload');
    mkdirSync(payloadDir);
    try {
      await body(dir, payloadDir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const refused = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof PayloadError && re.test(e.message));

test('a regular file inside the payload directory is read', withDir((_, payloadDir) => {
  const file = join(payloadDir, '1.reply.bin');
  writeFileSync(file, Buffer.from([1, 2, 3]));
  assert.deepEqual([...decodePayload({ file, length: 3 }, file, payloadDir)], [1, 2, 3]);
}));

test('a FIFO at the reply path is refused at once, not waited on', withDir(async (_, payloadDir) => {
  const file = join(payloadDir, '2.reply.bin');
  assert.equal(spawnSync('mkfifo', [file]).status, 0);
  // A writer that shows up only after 10 s: a kit that opens the FIFO blocking would wait for it
  // (and then find 0 bytes), instead of hanging this test forever when none comes.
  const late = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').openSync(${JSON.stringify(file)}, 'w'), 10000)`], { stdio: 'ignore' });
  try {
    refused(() => decodePayload({ file, length: 48 }, file, payloadDir), /is not a regular file \(a FIFO\)/);
  } finally {
    late.kill('SIGKILL');
  }
}));

test('a symlink at the reply path is refused, and what it points to is not read', withDir((_, payloadDir) => {
  const file = join(payloadDir, '3.reply.bin');
  symlinkSync('/etc/passwd', file);
  const length = readFileSync('/etc/passwd').length;
  refused(() => decodePayload({ file, length }, file, payloadDir), /is a symbolic link/);
  refused(() => decodePayload({ file, length }, file), /is a symbolic link/);
}));

test('a payload directory swapped for a link to another directory is refused', withDir((dir, payloadDir) => {
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, '4.reply.bin'), Buffer.from([9, 9]));
  rmSync(payloadDir, { recursive: true });
  symlinkSync(elsewhere, payloadDir);
  const file = join(payloadDir, '4.reply.bin');
  refused(() => decodePayload({ file, length: 2 }, file, payloadDir), /is not in the kit's payload directory/);
}));

test('the inline limit is 65536 decoded bytes, and a reply over it is refused in bytes, not base64 characters', () => {
  const inline = (n: number) => Buffer.alloc(n, 7).toString('base64');
  assert.equal(decodePayload({ inline: inline(65536) }).byteLength, 65536);
  assert.equal(decodePayload({ inline: inline(65536).replace(/=+$/, '') }).byteLength, 65536, 'unpadded base64 counts the same bytes');
  refused(() => decodePayload({ inline: inline(65537) }), /^inline payload of 65537 bytes exceeds the inline limit of 65536 bytes/);
  // A read reply carrying 70000 bytes inline passes the reply schema, so what the vendor sees is
  // the byte count above, not a schema error about 93336 characters.
  const reply = { id: 5, status: 'result', result: { value: { kind: 'image', image: { dtype: 'uint8', shape: [70000], data: { inline: inline(70000) } } } } };
  assert.ok(compileSchema(replySchema('read'))(reply), 'the reply schema leaves the size to the byte check');
  refused(() => decodePayload(reply.result.value.image.data), /^inline payload of 70000 bytes exceeds the inline limit of 65536 bytes/);
});
