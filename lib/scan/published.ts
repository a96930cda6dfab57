import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether a file belongs to a package that publishes an API (`exports`, `types` or
 * `typings` in its package.json): other packages may import its modules, so what
 * they export is not this project's alone to change.
 */
export function isPublishedLibrary(file: string): boolean {
  let dir = dirname(file);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
        return 'exports' in pkg || 'types' in pkg || 'typings' in pkg;
      } catch {
        // npm cannot read it either, so nothing is published from it.
        return false;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
