/*
 * One parsed module: its text, its recast AST (printed back by the edit step), and
 * Babel's scope analysis over that same AST, so every name resolves to its binding
 * the way the language does it (block scopes, hoisting, shadowing).
 */
import type { NodePath, Scope } from '@babel/traverse';
import type * as t from '@babel/types';
import jscodeshift, { type JSCodeshift } from 'jscodeshift';
import { printOptionsFor } from '../edit/print-options.js';
import { parserFor } from '../parsers.js';
import { traverse } from './babel.js';

// AST nodes are discriminated by `type` at run time; Babel's unions are too wide to
// narrow usefully in every helper.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNode = any;
export type Path<T extends t.Node = t.Node> = NodePath<T>;

export class ParseFailure extends Error {}

/**
 * How often each text was parsed, while `watch` is on: the benchmark and the tests use it
 * to hold the engine to one parse per module (and one per output the self-check reads).
 */
export const parseLog = { watch: false, counts: new Map<string, number>() };

export class SourceModule {
  readonly j: JSCodeshift;
  readonly file: t.File;
  readonly typescript: boolean;
  /** The text node offsets point into (recast normalises line ends and indentation before parsing). */
  readonly parsedText: string;
  /** Every path of the module by node type, from one traversal. */
  private readonly byType = new Map<string, Path[]>();
  private programPath: Path<t.Program> | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.typescript = /\.[cm]?tsx?$/.test(path);
    if (parseLog.watch) parseLog.counts.set(`${path}\0${text}`, (parseLog.counts.get(`${path}\0${text}`) ?? 0) + 1);
    this.j = jscodeshift.withParser(parserFor(path));
    // recast measures the original indentation with the options it later prints with.
    const options = printOptionsFor(text);
    try {
      this.file = this.j(text, options).get().node as t.File;
    } catch (error) {
      throw new ParseFailure(String((error as Error)?.message ?? error).split('\n')[0]);
    }
    // The parser saw the text as recast hands it over: `\n` line ends, leading tabs expanded.
    this.parsedText = (this.file as AnyNode).loc.lines.toString({ tabWidth: options.tabWidth ?? 4, reuseWhitespace: false, useTabs: false });
    traverse(this.file, {
      enter: (path: Path) => {
        if (path.isProgram()) this.programPath = path;
        let list = this.byType.get(path.node.type);
        if (!list) this.byType.set(path.node.type, (list = []));
        list.push(path);
      },
    });
  }

  get program(): Path<t.Program> {
    return this.programPath as Path<t.Program>;
  }

  get scope(): Scope {
    return this.program.scope;
  }

  /** Paths of one node type, in source order. */
  paths<T extends t.Node = t.Node>(type: T['type']): Path<T>[] {
    return (this.byType.get(type) ?? []) as Path<T>[];
  }

  /** Every path of the module. */
  allPaths(): Path[] {
    return [...this.byType.values()].flat();
  }

  /** Paths of several node types, in source order of each type. */
  pathsOf(...types: string[]): Path[] {
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }

  /** Every name the module declares or references anywhere: new names must avoid them. */
  usedNames(): Set<string> {
    this.names ??= new Set(this.paths<t.Identifier>('Identifier').map((path) => path.node.name));
    return this.names;
  }

  private names: Set<string> | undefined;

  /** A node's source as parsed (indentation normalised): for names, messages and comparisons. */
  text_(node: t.Node): string {
    const start = (node as AnyNode).start as number | undefined;
    const end = (node as AnyNode).end as number | undefined;
    if (typeof start === 'number' && typeof end === 'number') return this.parsedText.slice(start, end);
    return this.j(node as AnyNode).toSource();
  }
}
