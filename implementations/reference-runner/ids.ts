/**
 * Segment ids: a per-process nonce plus a counter, so no two segments of any Runner in this
 * process, or of two Runner processes, share an id. The shape follows the spec's examples
 * (`dev-shm:<session>:cur`), which also exercises the fs transport's safe-id rule.
 */
import { randomBytes } from 'node:crypto';
import type { FrameRole } from '../../adapter/runner/types.ts';

/** PV_RUNNER_ID_NONCE lets a test pick out its own Runner's segments on a shared machine. */
const NONCE = /^[0-9a-f]{8}$/.test(process.env.PV_RUNNER_ID_NONCE ?? '') ? process.env.PV_RUNNER_ID_NONCE! : randomBytes(4).toString('hex');
let counter = 0;

export type IdSource = (roles: FrameRole[]) => string[];

export const uniqueIds: IdSource = (roles) => {
  const call = ++counter;
  return roles.map((role) => `dev-shm:${NONCE}-${process.pid}-${call}:${role}`);
};

/** Broken on purpose: every image of a call gets the same id. */
export const oneIdPerCall: IdSource = (roles) => {
  const call = ++counter;
  return roles.map(() => `dev-shm:${NONCE}-${process.pid}-${call}`);
};
