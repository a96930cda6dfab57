/**
 * Variations of a source file that mean the same thing: comments and blank lines
 * between statements, CRLF, a renamed server binding, the body wrapped in a
 * function, reordered imports, and unrelated valid statements mixed in. Seeded, so
 * a failure can be replayed.
 */
import jscodeshift from 'jscodeshift';
import { parserFor } from '../lib/parsers.js';

import type { Random } from './random.js';

export const OPERATIONS = ['comments', 'blank-lines', 'crlf', 'rename', 'wrap', 'reorder-imports', 'noise'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Variant {
  operations: Operation[];
  source: string;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** A variant of `source` made by two or three operations chosen by `random` (from `allowed`). */
export function makeVariant(path: string, source: string, random: Random, allowed: readonly Operation[] = OPERATIONS): Variant {
  const operations = [...allowed].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 2));
  // CRLF last, so the others work on plain line ends.
  operations.sort((a, b) => (a === 'crlf' ? 1 : b === 'crlf' ? -1 : 0));
  // recast drops the line end after a `#!` line it reprints; keep it out of the way.
  const shebang = /^#![^\n]*\n/.exec(source)?.[0] ?? '';
  let text = source.slice(shebang.length);
  const applied: Operation[] = [];
  for (const operation of operations) {
    const next = apply(operation, path, text, random);
    if (next !== undefined && next !== text) {
      text = next;
      applied.push(operation);
    }
  }
  return { operations: applied, source: shebang + text };
}

function apply(operation: Operation, path: string, source: string, random: Random): string | undefined {
  const j = jscodeshift.withParser(parserFor(path));
  const typescript = /\.[cm]?tsx?$/.test(path);
  switch (operation) {
    case 'crlf':
      return source.includes('\r\n') ? undefined : source.replace(/\n/g, '\r\n');
    case 'comments': {
      const root = j(source);
      const body = root.find(j.Program).get().node.body as Array<{ comments?: unknown[] }>;
      for (const statement of body) {
        if (random() < 0.4) statement.comments = [...(statement.comments ?? []), j.commentLine(` fuzz: a note ${Math.floor(random() * 1000)}`, true, false)];
      }
      return root.toSource();
    }
    case 'blank-lines': {
      const root = j(source);
      const ends = new Set<number>();
      for (const statement of root.find(j.Program).get().node.body as Array<{ loc?: { end: { line: number } } }>) {
        if (statement.loc && random() < 0.5) ends.add(statement.loc.end.line);
      }
      return source
        .split('\n')
        .map((line, index) => (ends.has(index + 1) ? `${line}\n` : line))
        .join('\n');
    }
    case 'rename': {
      const root = j(source);
      const names = root
        .find(j.VariableDeclarator)
        .nodes()
        .map((node) => (node.id.type === 'Identifier' ? node.id.name : undefined))
        .filter((name): name is string => Boolean(name) && /^(server|mcp|mcpServer|transport|app)$/.test(name as string));
      if (names.length === 0) return undefined;
      const name = pick(random, names);
      const fresh = `${name}Fz${Math.floor(random() * 100)}`;
      root.findVariableDeclarators(name).renameTo(fresh);
      return root.toSource();
    }
    case 'wrap': {
      // Only where it keeps the meaning: no exports, no CommonJS, no top-level `return`.
      if (/^export |module\.exports|require\(|^#!/m.test(source)) return undefined;
      const lines = source.split('\n');
      const lastImport = lines.reduce((last, line, index) => (/^import .*;?$|^\} from /.test(line) ? index : last), -1);
      const head = lines.slice(0, lastImport + 1);
      const rest = lines.slice(lastImport + 1);
      return [...head, '', 'async function fuzzMain() {', ...rest.map((line) => (line ? `  ${line}` : line)), '}', '', 'void fuzzMain();', ''].join('\n');
    }
    case 'reorder-imports': {
      const root = j(source);
      const body = root.find(j.Program).get().node.body as Array<{ type: string; comments?: unknown[] }>;
      const imports = body.filter((node) => node.type === 'ImportDeclaration' && !node.comments);
      if (imports.length < 2 || body.indexOf(imports[imports.length - 1] as never) !== imports.length - 1) return undefined;
      const shuffled = [...imports].sort(() => random() - 0.5);
      body.splice(0, imports.length, ...shuffled);
      return root.toSource();
    }
    case 'noise': {
      const root = j(source);
      const body = root.find(j.Program).get().node.body as unknown[];
      const count = 1 + Math.floor(random() * 3);
      for (let index = 0; index < count; index++) {
        const n = Math.floor(random() * 10_000);
        const snippets = [
          `const fuzzValue${n} = ${n};`,
          `function fuzzHelper${n}(value) { return value * ${n % 7}; }`,
          ...(typescript ? [`type FuzzShape${n} = { id: number; label: string };`, `interface FuzzThing${n} { when: Date }`] : []),
        ];
        let snippet = pick(random, snippets);
        if (typescript) snippet = snippet.replace('(value)', '(value: number)');
        const statement = j(snippet).find(j.Program).get().node.body[0];
        // After the imports, so ES module rules still hold.
        const firstAfterImports = body.findIndex((node) => (node as { type: string }).type !== 'ImportDeclaration');
        const from = firstAfterImports < 0 ? body.length : firstAfterImports;
        body.splice(from + Math.floor(random() * (body.length - from + 1)), 0, statement);
      }
      return root.toSource();
    }
  }
}
