/*
 * JavaScript that tsc emitted: left byte-identical. The source is the `.ts` file, and
 * the next build overwrites whatever a rewrite of the output would change. Two signs,
 * exactly: a TypeScript twin beside the file (same base name), or a folder that a
 * tsconfig names as its `outDir`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'jsonc-parser';

/** What tsc compiles into each JavaScript extension: `.jsx` with `jsx: preserve`, `.js` otherwise. A `.d.ts` is not a source. */
const SOURCES_OF: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export const TSCONFIG_FILE = /^tsconfig(\..+)?\.json$/;

/** Why a file counts as compiled output: the twin it is emitted from, or the tsconfig whose outDir holds it. */
export type Compiled = { twin: string } | { outDirOf: string };

/** The TypeScript file beside `name` that tsc emits it from, when `exists` finds one. */
export function twinSource(path: string, exists: (path: string) => boolean): string | undefined {
  const match = /(\.[cm]?jsx?)$/.exec(path);
  if (!match) return undefined;
  const stem = path.slice(0, -(match[1] as string).length);
  for (const ext of SOURCES_OF[match[1] as string] ?? []) if (exists(`${stem}${ext}`)) return `${stem}${ext}`;
  return undefined;
}

/** The outDirs of the tsconfigs seen so far, and which config declared each. */
export class OutDirs {
  private readonly dirs = new Map<string, string>();
  private readonly read = new Set<string>();
  private readonly folders = new Set<string>();

  /** Reads one tsconfig (following relative `extends` for an inherited outDir). */
  add(config: string): void {
    if (this.read.has(config)) return;
    this.read.add(config);
    const outDir = outDirOf(config, new Set());
    if (!outDir) return;
    // An outDir that holds the config's own folder would take the sources with it
    // (`"outDir": "."` emits beside them: the twin rule covers that).
    const rel = relative(outDir, dirname(config));
    if (rel === '' || !rel.startsWith('..')) return;
    if (!this.dirs.has(outDir)) this.dirs.set(outDir, config);
  }

  /** tsconfigs in the folders above `dir` (up to the git work tree's root), which the walk below `dir` never meets. */
  addAbove(dir: string): void {
    const parent = dirname(dir);
    if (parent !== dir) this.addFrom(parent);
  }

  /** tsconfigs in `dir` and the folders above it, up to the git work tree's root. */
  addFrom(dir: string): void {
    let current = dir;
    for (let depth = 0; depth < 64; depth++) {
      this.addFolder(current);
      if (existsSync(join(current, '.git'))) return;
      const parent = dirname(current);
      if (parent === current) return;
      current = parent;
    }
  }

  /** Every tsconfig*.json of one folder (once). */
  addFolder(dir: string): void {
    if (this.folders.has(dir)) return;
    this.folders.add(dir);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) if (TSCONFIG_FILE.test(name)) this.add(join(dir, name));
  }

  /** The tsconfig whose outDir holds `file`, if any. */
  configFor(file: string): string | undefined {
    if (this.dirs.size === 0) return undefined;
    for (let dir = dirname(file); ; ) {
      const config = this.dirs.get(dir);
      if (config) return config;
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/**
 * The outDir a config compiles to, resolved against the config that sets it. Only
 * relative `extends` are followed: a base config from a package resolves its outDir
 * inside node_modules, never over the user's sources.
 */
function outDirOf(config: string, seen: Set<string>): string | undefined {
  if (seen.has(config)) return undefined;
  seen.add(config);
  let json: { compilerOptions?: { outDir?: unknown }; extends?: unknown };
  try {
    json = parse(readFileSync(config, 'utf8'), [], { allowTrailingComma: true }) ?? {};
  } catch {
    return undefined;
  }
  const own = json.compilerOptions?.outDir;
  if (typeof own === 'string' && own.trim()) return resolve(dirname(config), own);
  const bases = Array.isArray(json.extends) ? json.extends : [json.extends];
  // Later entries of an `extends` array override earlier ones.
  for (const base of bases.reverse()) {
    if (typeof base !== 'string' || !/^\.{1,2}[\\/]/.test(base)) continue;
    const path = resolve(dirname(config), base);
    const found = outDirOf(existsSync(path) || path.endsWith('.json') ? path : `${path}.json`, seen);
    if (found) return found;
  }
  return undefined;
}

/** How a skipped compiled file is reported. */
export function compiledReason(compiled: Compiled, display: (absolute: string) => string): string {
  return 'twin' in compiled
    ? `compiled output: tsc emits it from ${basename(compiled.twin)} beside it; left as it is (rewrite the source and rebuild)`
    : `compiled output: in the outDir of ${display(compiled.outDirOf)}; left as it is (rewrite the source and rebuild)`;
}
