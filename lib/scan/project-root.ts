/* The folder whose files may import a module: its package (or tsconfig project, or repository). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const roots = new Map<string, string>();

export function projectRoot(file: string): string {
  const start = dirname(file);
  const known = roots.get(start);
  if (known) return known;
  let dir = start;
  let found = start;
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
  return found;
}
