/**
 * Message types of the subprocess adapter protocol (docs/adapter-protocol.md). The JSON Schemas
 * in schemas/adapter-protocol/ are the contract; these types mirror them for the TypeScript side.
 */
import type { ArrayLayout, Dtype, Hello, Transport } from '../types.ts';
import { assertValid, compileSchema, replyErrorsText } from '../../kit/schemas.ts';

export const PROTOCOL_VERSION = 1;

/** Payloads up to this many bytes may travel base64 inside a frame; bigger ones go as files. */
export const INLINE_PAYLOAD_LIMIT = 64 * 1024;

export const COMMANDS = ['hello', 'write-bytes', 'write-array', 'clear', 'read', 'shutdown'] as const;
export type Command = (typeof COMMANDS)[number];

export type Payload = { inline: string } | { file: string; length: number };

export interface WireArray {
  dtype: Dtype;
  shape: number[];
  data: Payload;
}

export type Request =
  | { id: number; cmd: 'hello'; protocolVersion: number }
  | { id: number; cmd: 'write-bytes'; segment: string; transport: Transport; bytes: Payload }
  | { id: number; cmd: 'write-array'; segment: string; transport: Transport; array: WireArray; layout?: ArrayLayout }
  | { id: number; cmd: 'clear'; segment: string }
  | { id: number; cmd: 'read'; segment: string; meta: unknown; process: 'same' | 'other'; scribble: boolean; replyFile: string }
  | { id: number; cmd: 'shutdown' };

export interface HelloResult extends Hello {
  protocolVersion: number;
}

export type WireReadValue =
  | { kind: 'none' }
  | { kind: 'image'; image: WireArray }
  | { kind: 'exception'; type: string; message: string };

export interface ReadResult {
  value: WireReadValue;
  implMicros?: number;
  scribbled?: boolean;
}

export type Reply<R> =
  | { id: number; status: 'result'; result: R }
  | { id: number; status: 'skipped'; message: string; issue?: string }
  | { id: number; status: 'errored'; message: string; traceback?: string };

export function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && (COMMANDS as readonly string[]).includes(value);
}

export function requestSchema(cmd: Command): string {
  return `adapter-protocol/${cmd}.schema.json`;
}

export function replySchema(cmd: Command): string {
  return `adapter-protocol/${cmd}.schema.json#/$defs/reply`;
}

export function assertRequest(message: unknown): Request {
  const cmd = (message as { cmd?: unknown } | null)?.cmd;
  if (!isCommand(cmd)) throw new Error(`request has unknown cmd ${JSON.stringify(cmd)}`);
  return assertValid<Request>(requestSchema(cmd), message, `${cmd} request`);
}

export function assertReply<R>(cmd: Command, message: unknown): Reply<R> {
  const ref = replySchema(cmd);
  // Only the shape the reply's own status selects is named: what an adapter author can act on.
  if (!compileSchema(ref)(message)) throw new Error(`${cmd} reply does not match ${ref}: ${replyErrorsText(ref, message)}`);
  return message as Reply<R>;
}
