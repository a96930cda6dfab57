/*
 * The workflow's per-file step (jssg): each file's text through the same transform
 * the CLI runs on a single module. In a real run it comes after the project step
 * (dist/isolate.js, the whole engine) and changes nothing (the rewrite is
 * idempotent); under --dry-run, where codemod skips shell steps, it is the preview.
 * Compiled output is left alone, as the CLI leaves it. Bundled by
 * `npm run codemod:bundle`; the bundle is a build output, not committed.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutDirs, twinSource } from '../../lib/compiled-output.js';
import { isolateFileText } from '../../lib/isolate-file.js';

interface Root {
  root(): { text(): string };
  filename(): string;
}

const outDirs = new OutDirs();

/** tsc's output beside its `.ts` twin or in a tsconfig's outDir (the tsconfigs above the file, within what codemod lets us read). */
function isCompiled(filename: string): boolean {
  if (twinSource(filename, existsSync)) return true;
  outDirs.addFrom(dirname(filename));
  return outDirs.configFor(filename) !== undefined;
}

export default async function mcpIsolate(root: Root): Promise<string | null> {
  const filename = root.filename();
  if (/\.[cm]?jsx?$/.test(filename) && isCompiled(filename)) return null;
  const outcome = isolateFileText(filename, root.root().text());
  return outcome?.output ?? null;
}
