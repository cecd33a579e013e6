/** Keeps the last bytes a child wrote to stderr: the part that explains a crash. */
import { MAX_STDERR_TAIL } from '../../kit/capText.ts';

export class StderrTail {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private total = 0;

  constructor(private readonly limit = MAX_STDERR_TAIL) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.total += chunk.length;
    while (this.bytes - this.chunks[0]!.length >= this.limit) this.bytes -= this.chunks.shift()!.length;
  }

  /** The tail; when earlier output was dropped, a marker at its head says how much (kit/capText.ts). */
  text(): string {
    const all = Buffer.concat(this.chunks);
    const kept = all.subarray(Math.max(0, all.length - this.limit));
    const dropped = this.total - kept.length;
    return `${dropped > 0 ? `[truncated, ${dropped} earlier bytes] …` : ''}${kept.toString('utf8')}`;
  }
}
