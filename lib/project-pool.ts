/*
 * Where projects are rewritten. Most trees hold a handful of projects that use the
 * SDK: the main thread does them (starting workers, each loading the parser and
 * printer, would cost more). From 4 cores, once more projects than that turn up, a
 * worker pool sized to the cores takes them while the main thread settles results.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Tinypool } from 'tinypool';
import { type ProjectOutcome, processProject } from './process-source.js';

/** Up to this many projects, the main thread does the work itself. */
const INLINE_LIMIT = 8;
const WORKER = fileURLToPath(new URL('./project-worker.js', import.meta.url));

/**
 * Measured on 2 cores (bench/perf.ts): workers made the runs slower than the main
 * thread alone (the parser is allocation-heavy and its garbage collection competes
 * for the same cores), so the pool starts at 4 cores, keeping one for the walk.
 */
export function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores - 1, 8) : 1;
}

export interface PoolTask {
  seeds: Map<string, Buffer>;
  sources: string[];
  /** The paths the run was given: only files inside them are written. */
  roots: string[];
}

export class ProjectPool {
  private seen = 0;
  private starting: Promise<Tinypool | undefined> | undefined;
  private pool: Tinypool | undefined;

  constructor(private readonly threads = defaultThreads()) {}

  async rewrite(task: PoolTask): Promise<Map<string, ProjectOutcome>> {
    this.seen++;
    if (this.threads <= 1 || (!this.starting && this.seen <= INLINE_LIMIT) || !existsSync(WORKER)) return processProject({ seeds: task.seeds, sources: task.sources, editable: editableIn(task.roots) });
    this.starting ??= import('tinypool').then(({ Tinypool: Pool }) => {
      this.pool = new Pool({ filename: WORKER, minThreads: this.threads, maxThreads: this.threads });
      return this.pool;
    });
    const pool = await this.starting;
    if (!pool) return processProject({ seeds: task.seeds, sources: task.sources, editable: editableIn(task.roots) });
    const seeds = [...task.seeds].map(([path, bytes]) => [path, new Uint8Array(bytes)] as const);
    const outcomes = (await pool.run({ seeds, sources: task.sources, roots: task.roots })) as Array<[string, Omit<ProjectOutcome, 'bytes'> & { bytes: Uint8Array }]>;
    return new Map(outcomes.map(([path, outcome]) => [path, { ...outcome, bytes: Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength) }]));
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** Files the run may change: inside the paths it was given, never in node_modules. */
export function editableIn(roots: readonly string[]): (absolute: string) => boolean {
  return (absolute) => !absolute.includes('/node_modules/') && roots.some((root) => absolute === root || absolute.startsWith(`${root}/`));
}
