/* A pool worker: rewrites one project, exactly as the main thread would. */
import { processProject } from './process-source.js';
import { editableIn } from './project-pool.js';

export default async function rewriteInWorker(task: { seeds: Array<readonly [string, Uint8Array]>; sources: string[]; roots: string[] }) {
  const seeds = new Map(task.seeds.map(([path, bytes]) => [path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)] as const));
  const outcomes = await processProject({ seeds, sources: task.sources, editable: editableIn(task.roots) });
  return [...outcomes].map(([path, outcome]) => [path, { ...outcome, bytes: new Uint8Array(outcome.bytes) }] as const);
}
