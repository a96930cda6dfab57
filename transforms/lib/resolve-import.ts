import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_BYTES = 1024 * 1024;

/**
 * The source of a relative import, the way TypeScript and bundlers find it: `./x.js`
 * may name `./x.ts`, `./x` may name `./x.ts` or `./x/index.ts`. Undefined when it
 * cannot be read; the caller then treats the import as unknown.
 */
export function readRelativeImport(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const withoutJs = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => withoutJs + ext),
    ...EXTENSIONS.map((ext) => `${base}/index${ext}`),
  ];
  for (const candidate of candidates) {
    try {
      const stats = statSync(candidate);
      if (!stats.isFile() || stats.size > MAX_BYTES) continue;
      return readFileSync(candidate, 'utf8');
    } catch {
      // not this one
    }
  }
  return undefined;
}
