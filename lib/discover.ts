import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { type Compiled, OutDirs, TSCONFIG_FILE, compiledReason, twinSource } from './compiled-output.js';
import { SOURCE_EXTENSIONS } from './parsers.js';
import { walk } from './walk.js';

/** Folders that hold dependencies or build output: never ours to rewrite. */
export const IGNORED_DIRS = ['node_modules', '.git', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.vercel', 'coverage'];
const SKIP_DIRS = new Set(IGNORED_DIRS);

export type Found =
  | { kind: 'source'; path: string; /** Emitted by tsc: never rewritten, reported when it uses the SDK. */ compiled?: Compiled }
  | { kind: 'package'; path: string }
  | { kind: 'missing'; path: string }
  | { kind: 'skipped' | 'unreadable'; path: string; reason: string };

export interface Discovered {
  sources: string[];
  packageJsons: string[];
  missing: string[];
  /** Entries found but not processed, with why (symlinks leaving the paths, loops, compiled output). */
  skipped: Array<{ path: string; reason: string }>;
  /** Folders that could not be read; whatever is inside them was not seen. */
  unreadable: Array<{ path: string; reason: string }>;
}

const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const COMPILED_EXTENSION = /\.[cm]?jsx?$/;
const isSource = (name: string) => SOURCE_FILE.test(name) && !DECLARATION_FILE.test(name);
// tsconfigs too: their outDir is compiled output, and the walk meets a folder's config before its subfolders.
const wanted = (name: string) => name === 'package.json' || TSCONFIG_FILE.test(name) || isSource(name);

/**
 * Source files and package.json files under the given paths, as they are found.
 * Symlinked folders are never entered; a symlinked file counts once, by its real
 * path, and only when that path lies inside the given paths, so nothing outside
 * them can be written through a link.
 */
export async function* discoverEntries(paths: string[], cwd: string): AsyncGenerator<Found> {
  const roots: string[] = [];
  const inputs: Array<{ input: string; absolute: string; directory: boolean }> = [];
  for (const input of paths) {
    const absolute = resolve(cwd, input);
    try {
      const directory = statSync(absolute).isDirectory();
      roots.push(realpathSync(absolute));
      inputs.push({ input, absolute, directory });
    } catch {
      yield { kind: 'missing', path: input };
    }
  }
  const seen = new Set<string>();
  const outDirs = new OutDirs();
  const emit = (path: string, compiled?: Compiled): Found | undefined => {
    if (seen.has(path)) return undefined;
    seen.add(path);
    if (basename(path) === 'package.json') return { kind: 'package', path };
    return compiled ? { kind: 'source', path, compiled } : { kind: 'source', path };
  };
  const compiledBy = (path: string, exists: (path: string) => boolean): Compiled | undefined => {
    // tsc emits JavaScript only: a TypeScript file is a source wherever it lies.
    if (!COMPILED_EXTENSION.test(path)) return undefined;
    const twin = twinSource(path, exists);
    if (twin) return { twin };
    const config = outDirs.configFor(path);
    return config ? { outDirOf: config } : undefined;
  };
  const links: string[] = [];
  for (const { absolute, directory } of inputs) {
    if (!directory) {
      const name = absolute.split(sep).pop() ?? '';
      if (name !== 'package.json' && !isSource(name)) continue;
      outDirs.addFrom(dirname(absolute));
      if (lstatSync(absolute).isSymbolicLink()) links.push(absolute);
      else {
        const found = emit(absolute, compiledBy(absolute, existsSync));
        if (found) yield found;
      }
      continue;
    }
    outDirs.addAbove(absolute);
    for await (const batch of walk(absolute, { skipDirs: SKIP_DIRS, wanted })) {
      // A batch is one folder: its configs first, then its files, whose twins are in the same batch.
      const names = new Set<string>();
      for (const entry of batch) {
        if (entry.kind === 'unreadable') continue;
        names.add(entry.path);
        if (entry.kind === 'file' && TSCONFIG_FILE.test(basename(entry.path))) outDirs.add(entry.path);
      }
      for (const entry of batch) {
        if (entry.kind === 'unreadable') yield { kind: 'unreadable', path: entry.path, reason: entry.reason };
        else if (entry.kind === 'link') {
          if (!TSCONFIG_FILE.test(basename(entry.path))) links.push(entry.path);
        } else if (!TSCONFIG_FILE.test(basename(entry.path))) {
          const found = emit(entry.path, compiledBy(entry.path, (twin) => names.has(twin)));
          if (found) yield found;
        }
      }
    }
  }
  // Links last, so a link and its target inside the tree count once, as the target.
  for (const link of links) {
    const real = realFile(link, roots);
    if (typeof real === 'object') yield { kind: 'skipped', path: link, reason: real.reason };
    else if (real) {
      const found = emit(real, compiledBy(real, existsSync));
      if (found) yield found;
    }
  }
}

/** Everything at once, sorted: for callers that want lists. */
export async function discover(paths: string[], cwd: string): Promise<Discovered> {
  const result: Discovered = { sources: [], packageJsons: [], missing: [], skipped: [], unreadable: [] };
  for await (const found of discoverEntries(paths, cwd)) {
    if (found.kind === 'source' && found.compiled) result.skipped.push({ path: found.path, reason: compiledReason(found.compiled, (path) => path) });
    else if (found.kind === 'source') result.sources.push(found.path);
    else if (found.kind === 'package') result.packageJsons.push(found.path);
    else if (found.kind === 'missing') result.missing.push(found.path);
    else if (found.kind === 'skipped' || found.kind === 'unreadable') result[found.kind].push({ path: found.path, reason: found.reason });
  }
  result.sources.sort();
  result.packageJsons.sort();
  return result;
}

/** A symlink's target when it is a file inside the roots; a reason when it is not followed. */
function realFile(link: string, roots: string[]): string | { reason: string } | undefined {
  let real;
  try {
    real = realpathSync(link);
    if (!statSync(real).isFile()) return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ELOOP' ? 'symlink loop; not followed' : 'broken symlink; not followed' };
  }
  const root = roots.find((candidate) => real === candidate || !relative(candidate, real).startsWith('..'));
  if (root === undefined) return { reason: 'symlink to a file outside the given paths; not followed' };
  if (relative(root, real).split(sep).some((segment) => SKIP_DIRS.has(segment))) {
    return { reason: 'symlink into an ignored folder (dependencies or build output); not followed' };
  }
  return real;
}
