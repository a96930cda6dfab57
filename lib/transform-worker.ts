/* A pool worker: rewrites one file's bytes, exactly as the main thread would. */
import { processSource, type SourceOutcome } from './process-source.js';

export default async function transformInWorker({ path, bytes }: { path: string; bytes: Uint8Array }): Promise<SourceOutcome> {
  return processSource(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
