/*
 * The file's own style, so the code the rewrite adds reads like the code around it:
 * quotes, indentation, semicolons, whether it carries TypeScript annotations.
 */
import type { Options } from 'recast';
import { printOptionsFor } from './print-options.js';

export interface Style {
  quote: string;
  /** One level of indentation. */
  indent: string;
  /** `;` unless the file is written without semicolons (standard style). */
  semi: string;
  typescript: boolean;
  /** recast's options for this file (it measures the original indentation with them too). */
  print: Options;
}

export function styleOf(source: string, typescript: boolean): Style {
  const print = printOptionsFor(source);
  return {
    quote: print.quote === 'double' ? '"' : "'",
    indent: print.useTabs ? '\t' : ' '.repeat(print.tabWidth ?? 2),
    semi: usesSemicolons(source) ? ';' : '',
    typescript,
    print,
  };
}

export function usesSemicolons(source: string): boolean {
  const ends = source
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => /^\s*(const|let|var|import|return|await|export)\b/.test(line));
  const withSemi = ends.filter((line) => line.endsWith(';')).length;
  const without = ends.filter((line) => !/[;,{(\[=>]$/.test(line)).length;
  return withSemi >= without;
}
