import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { isReadOnly } from './read-only.js';

/** Writes atomically (keeping the file's mode), unless the file changed on disk since it was read or is read-only; the reason when it did not write. */
export async function writeIfUnchanged(absolute: string, original: Buffer, output: string): Promise<string | undefined> {
  try {
    await pauseForTests(absolute);
    const current = await readFile(absolute);
    if (!current.equals(original)) return 'changed on disk while mcp-isolate ran; not overwritten';
    if (isReadOnly(absolute)) return 'read-only; not written';
    const { mode } = statSync(absolute);
    await writeFileAtomic(absolute, output, { mode });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `could not write${code ? ` (${code})` : ''}: ${(error as Error).message.split('\n')[0]}`;
  }
}

/**
 * Tests that need a file to change between read and write set this: the runner says
 * on stderr that it is waiting, then waits until the test sends SIGUSR2 (it has done
 * its part), or at most this long. A handshake, not a guess at how long the test needs.
 */
async function pauseForTests(absolute: string): Promise<void> {
  const ms = Number(process.env.MCP_ISOLATE_TEST_PAUSE_BEFORE_WRITE_MS ?? 0);
  if (!(ms > 0)) return;
  await new Promise<void>((resolve) => {
    const resume = () => {
      clearTimeout(timer);
      process.off('SIGUSR2', resume);
      resolve();
    };
    const timer = setTimeout(resume, ms);
    process.on('SIGUSR2', resume);
    // Said only once the signal is handled: the test may answer at once.
    process.stderr.write(`mcp-isolate: pausing before writing ${absolute}\n`);
  });
}
