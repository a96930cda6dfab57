/*
 * Where the parsing happens. A tree with a handful of SDK files is rewritten on the
 * main thread: starting workers (each loads the parser and printer) would cost more
 * than the work. Once more files than that turn up, a worker pool sized to the cores
 * takes the rest while the walk goes on.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Tinypool } from 'tinypool';
import { processSource, type SourceOutcome } from './process-source.js';

/** Up to this many files, the main thread does the work itself. */
const INLINE_LIMIT = 32;
const WORKER = fileURLToPath(new URL('./transform-worker.js', import.meta.url));

/**
 * Measured on 2 cores (bench/perf.ts): workers made both the sparse 20,000-file tree
 * and the dense 500-server tree slower than the main thread alone (the parser is
 * allocation-heavy and its garbage collection competes for the same cores), so the
 * pool starts at 4 cores, keeping one for the walk.
 */
export function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores - 1, 8) : 1;
}

export class TransformPool {
  private seen = 0;
  private pool: Tinypool | undefined;
  private starting: Promise<Tinypool | undefined> | undefined;

  constructor(private readonly threads = defaultThreads()) {}

  /**
   * Rewrites one file: on the main thread for the first files (or always, with one
   * thread), in the pool after that. Never queues work behind the walk, so every
   * call settles on its own.
   */
  async transform(path: string, bytes: Buffer): Promise<SourceOutcome> {
    this.seen++;
    if (this.threads <= 1 || (!this.starting && this.seen <= INLINE_LIMIT) || !existsSync(WORKER)) return processSource(path, bytes);
    this.starting ??= import('tinypool').then(({ Tinypool: Pool }) => {
      this.pool = new Pool({ filename: WORKER, minThreads: this.threads, maxThreads: this.threads });
      return this.pool;
    });
    const pool = await this.starting;
    if (!pool) return processSource(path, bytes);
    return (await pool.run({ path, bytes: new Uint8Array(bytes) })) as SourceOutcome;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
