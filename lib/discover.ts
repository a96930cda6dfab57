import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globby } from 'globby';
import { SOURCE_EXTENSIONS } from './parsers.js';

/** Folders that hold dependencies or build output: never ours to rewrite. */
export const IGNORED_DIRS = ['node_modules', '.git', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.vercel', 'coverage'];

export interface Discovered {
  sources: string[];
  packageJsons: string[];
  missing: string[];
}

const SOURCE_PATTERN = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;
const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/** Source files and package.json files under the given paths, honouring .gitignore. */
export async function discover(paths: string[], cwd: string): Promise<Discovered> {
  const sources = new Set<string>();
  const packageJsons = new Set<string>();
  const missing: string[] = [];
  for (const input of paths) {
    const absolute = resolve(cwd, input);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      missing.push(input);
      continue;
    }
    if (stats.isFile()) {
      if (absolute.endsWith('/package.json') || absolute === 'package.json') packageJsons.add(absolute);
      else if (SOURCE_FILE.test(absolute) && !absolute.endsWith('.d.ts')) sources.add(absolute);
      continue;
    }
    const found = await globby([SOURCE_PATTERN, '**/package.json'], {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: [...IGNORED_DIRS.map((dir) => `**/${dir}/**`), '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'],
    });
    for (const file of found) (file.endsWith('/package.json') ? packageJsons : sources).add(file);
  }
  return { sources: [...sources].sort(), packageJsons: [...packageJsons].sort(), missing };
}
