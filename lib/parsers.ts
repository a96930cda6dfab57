import { extname } from 'node:path';

export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

/** The jscodeshift parser for a file: TypeScript by extension, Babel (with JSX) for JavaScript. */
export function parserFor(path: string): 'ts' | 'tsx' | 'babylon' {
  const ext = extname(path).slice(1);
  if (ext === 'tsx') return 'tsx';
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return 'ts';
  return 'babylon';
}
