import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceModule } from './module.js';
import type { Project } from './project.js';

/**
 * Whether a file belongs to a package that publishes an API (`exports`, `types` or
 * `typings` in its package.json): other packages may import its modules, so what
 * they export is not this project's alone to change.
 */
export function isPublishedLibrary(file: string): boolean {
  // A package.json npm cannot read publishes nothing either.
  const manifest = manifestOf(file);
  return manifest !== undefined && publishes(manifest.json);
}

/**
 * Whether a module's exports under these names reach other packages: the module
 * belongs to a package that publishes an API, and it is one of the package's entry
 * modules or an entry re-exports one of the names. An internal module of a library
 * (`src/connect.ts` behind `src/index.ts`) is the project's own to change. When no
 * entry can be mapped to a source file, every module of the package counts as public.
 */
export function isPublicExport(project: Project, module: SourceModule, names: string[]): boolean {
  const manifest = manifestOf(module.path);
  if (!manifest || !publishes(manifest.json)) return false;
  const entries = entryModules(project, manifest.dir, manifest.json);
  if (entries.length === 0) return true;
  const locals = new Set<string>();
  for (const name of names) {
    const own = project.exportsOf(module).get(name);
    if (own?.kind === 'local') locals.add(own.local);
  }
  for (const entry of entries) {
    if (entry.path === module.path) return true;
    for (const exported of project.exportsOf(entry).keys()) {
      const found = project.findExport(entry, exported);
      if (found?.kind === 'local' && found.module.path === module.path && locals.has(found.local)) return true;
    }
  }
  return false;
}

function publishes(pkg: Record<string, unknown>): boolean {
  return 'exports' in pkg || 'types' in pkg || 'typings' in pkg;
}

function manifestOf(file: string): { dir: string; json: Record<string, unknown> } | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return { dir, json: JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown> };
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The source modules behind a package's entry points (`dist/index.js` is `src/index.ts`). */
function entryModules(project: Project, dir: string, pkg: Record<string, unknown>): SourceModule[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
  };
  collect(pkg.exports);
  for (const field of ['main', 'module', 'types', 'typings']) collect(pkg[field]);
  const found = new Map<string, SourceModule>();
  for (const target of targets) {
    const relative = target.replace(/^\.\//, '').replace(/\.d\.([cm]?ts)$/, '.$1');
    const stem = relative.replace(/\.[cm]?[jt]sx?$/, '');
    const segments = stem.split('/');
    const stems = [stem];
    if (segments.length > 1 && /^(dist|build|lib|out|esm|cjs|types|es)$/.test(segments[0] as string)) {
      stems.push(['src', ...segments.slice(1)].join('/'), segments.slice(1).join('/'));
    }
    for (const candidate of stems) {
      for (const extension of ['.ts', '.tsx', '.mts', '.js', '.mjs', '.jsx']) {
        const module = project.module(join(dir, candidate + extension));
        if (module) found.set(module.path, module);
      }
    }
  }
  return [...found.values()];
}
