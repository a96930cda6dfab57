import * as fs from 'node:fs';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globby } from 'globby';
import { SOURCE_EXTENSIONS } from './parsers.js';

/** Folders that hold dependencies or build output: never ours to rewrite. */
export const IGNORED_DIRS = ['node_modules', '.git', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.vercel', 'coverage'];

export interface Discovered {
  sources: string[];
  packageJsons: string[];
  missing: string[];
  /** Entries found but not processed, with why (symlinks leaving the paths, loops). */
  skipped: Array<{ path: string; reason: string }>;
  /** Folders that could not be read; whatever is inside them was not seen. */
  unreadable: Array<{ path: string; reason: string }>;
}

const SOURCE_PATTERN = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;
const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/**
 * Source files and package.json files under the given paths, honouring .gitignore.
 * Symlinked folders are never entered; a symlinked file counts once, by its real
 * path, and only when that path lies inside the given paths, so nothing outside
 * them can be written through a link.
 */
export async function discover(paths: string[], cwd: string): Promise<Discovered> {
  const result: Discovered = { sources: [], packageJsons: [], missing: [], skipped: [], unreadable: [] };
  const sources = new Set<string>();
  const packageJsons = new Set<string>();
  const roots: string[] = [];
  const entries: string[] = [];
  const links: string[] = [];
  for (const input of paths) {
    const absolute = resolve(cwd, input);
    let stats;
    try {
      stats = statSync(absolute);
      roots.push(realpathSync(absolute));
    } catch {
      result.missing.push(input);
      continue;
    }
    if (stats.isFile()) {
      if (absolute.endsWith(`${sep}package.json`) || SOURCE_FILE.test(absolute)) (lstatSync(absolute).isSymbolicLink() ? links : entries).push(absolute);
      continue;
    }
    const found = await globby([SOURCE_PATTERN, '**/package.json'], {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: [...IGNORED_DIRS.map((dir) => `**/${dir}/**`), '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'],
      fs: readdirReporting(result.unreadable),
      // .gitignore lookup walks the tree on its own; unreadable folders are reported through fs above.
      suppressErrors: true,
      // Entries with their dirents, so symlinks are known without a stat per file.
      onlyFiles: false,
      objectMode: true,
    });
    for (const entry of found) {
      if (entry.dirent.isSymbolicLink()) links.push(entry.path);
      else if (!entry.dirent.isDirectory()) entries.push(entry.path);
    }
  }
  for (const link of links) {
    const real = realFile(link, roots, result.skipped);
    if (real) entries.push(real);
  }
  for (const entry of entries) {
    if (/\.d\.[cm]?ts$/.test(entry)) continue;
    (entry.endsWith(`${sep}package.json`) ? packageJsons : sources).add(entry);
  }
  result.sources = [...sources].sort();
  result.packageJsons = [...packageJsons].sort();
  return result;
}

/** The path to process for an entry: itself, or for a symlink its target when that is inside the roots. */
function realFile(entry: string, roots: string[], skipped: Discovered['skipped']): string | undefined {
  let link;
  try {
    link = lstatSync(entry);
  } catch {
    return undefined;
  }
  if (!link.isSymbolicLink()) return entry;
  let real;
  try {
    real = realpathSync(entry);
    if (!statSync(real).isFile()) return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    skipped.push({ path: entry, reason: code === 'ELOOP' ? 'symlink loop; not followed' : 'broken symlink; not followed' });
    return undefined;
  }
  const root = roots.find((candidate) => real === candidate || !relative(candidate, real).startsWith('..'));
  if (root === undefined) {
    skipped.push({ path: entry, reason: 'symlink to a file outside the given paths; not followed' });
    return undefined;
  }
  if (relative(root, real).split(sep).some((segment) => IGNORED_DIRS.includes(segment))) {
    skipped.push({ path: entry, reason: 'symlink into an ignored folder (dependencies or build output); not followed' });
    return undefined;
  }
  return real;
}

/** fast-glob's file system with a readdir that records folders it cannot read instead of failing the run. */
function readdirReporting(unreadable: Discovered['unreadable']) {
  const record = (path: string, error: NodeJS.ErrnoException) => {
    if (!unreadable.some((entry) => entry.path === path)) unreadable.push({ path, reason: `folder could not be read (${error.code ?? error.message})` });
  };
  return {
    ...fs,
    readdir: ((path: string, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries?: unknown[]) => void) => {
      fs.readdir(path, options as fs.ObjectEncodingOptions & { withFileTypes: true }, (error, entries) => {
        if (error && (error.code === 'EACCES' || error.code === 'EPERM')) {
          record(path, error);
          callback(null, []);
          return;
        }
        callback(error, entries);
      });
    }) as unknown as typeof fs.readdir,
  };
}
