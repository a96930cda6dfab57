/* The folder whose files may import a module: its package (or tsconfig project, or repository). */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const roots = new Map<string, string | null>();

/**
 * The nearest folder with a package.json, tsconfig.json, deno.json or .git; with none
 * up the tree (a folder of loose files), the folder the run was given that holds it.
 */
export function projectRoot(file: string, given: readonly string[] = []): string {
  const start = dirname(file);
  const known = roots.get(start);
  if (known) return known;
  if (known === null) return fallback(file, given);
  let dir = start;
  let found: string | null = null;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json')) || existsSync(join(dir, 'deno.json')) || existsSync(join(dir, '.git'))) {
      found = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  roots.set(start, found);
  return found ?? fallback(file, given);
}

function fallback(file: string, given: readonly string[]): string {
  const holder = given.filter((root) => file.startsWith(`${root}${sep}`)).sort((a, b) => a.length - b.length)[0];
  return holder ?? dirname(file);
}
