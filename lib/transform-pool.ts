/*
 * Where the parsing happens. A tree with a handful of SDK files is rewritten on the
 * main thread: starting workers (each loads the parser and printer) would cost more
 * than the work. Once more files than that turn up, a worker pool sized to the cores
 * takes all of them while the walk goes on, and the main thread only reads files.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Tinypool } from 'tinypool';
import { processSource, type SourceOutcome } from './process-source.js';

/** Up to this many files, the main thread does the work itself. */
const INLINE_LIMIT = 32;
const WORKER = fileURLToPath(new URL('./transform-worker.js', import.meta.url));

interface Job {
  path: string;
  bytes: Buffer;
  resolve: (outcome: SourceOutcome) => void;
  reject: (error: unknown) => void;
}

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
  private waiting: Job[] = [];
  private seen = 0;
  private pool: Tinypool | undefined;
  private starting: Promise<Tinypool | undefined> | undefined;

  constructor(private readonly threads = defaultThreads()) {}

  transform(path: string, bytes: Buffer): Promise<SourceOutcome> {
    this.seen++;
    return new Promise<SourceOutcome>((resolve, reject) => {
      const job = { path, bytes, resolve, reject };
      if (this.starting) {
        void this.submit(job);
        return;
      }
      this.waiting.push(job);
      if (this.seen > INLINE_LIMIT && this.threads > 1 && existsSync(WORKER)) this.startWorkers();
    });
  }

  /** The walk is over: whatever still waits runs here if no pool was needed. */
  async flush(): Promise<void> {
    if (this.starting) return;
    const jobs = this.waiting.splice(0);
    for (const job of jobs) {
      try {
        job.resolve(await processSource(job.path, job.bytes));
      } catch (error) {
        job.reject(error);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }

  private startWorkers(): void {
    this.starting = import('tinypool').then(({ Tinypool: Pool }) => {
      this.pool = new Pool({ filename: WORKER, minThreads: this.threads, maxThreads: this.threads });
      return this.pool;
    });
    for (const job of this.waiting.splice(0)) void this.submit(job);
  }

  private async submit(job: Job): Promise<void> {
    try {
      const pool = await this.starting;
      const outcome = pool
        ? ((await pool.run({ path: job.path, bytes: new Uint8Array(job.bytes) })) as SourceOutcome)
        : await processSource(job.path, job.bytes);
      job.resolve(outcome);
    } catch (error) {
      job.reject(error);
    }
  }
}
