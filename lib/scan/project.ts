/*
 * The modules of one project: each parsed once, on first use, and the edges between
 * them (what a module imports and exports, who imports it). A single file is a
 * project of one module whose imports cannot be followed.
 */
import { basename, dirname, extname } from 'node:path';
import type * as t from '@babel/types';
import { type AnyNode, ParseFailure, type Path, SourceModule } from './module.js';
import { ModuleResolver } from './resolver.js';

export interface ProjectFiles {
  /** Every source file of the project (absolute paths), for finding a module's importers. */
  sources: readonly string[];
  /** A file's text; undefined when it cannot be read or is not source. */
  read(path: string): string | undefined;
}

/** What an exported name of a module stands for. */
export type ExportTarget =
  | { kind: 'local'; module: SourceModule; local: string; statement: Path }
  /** `export default <expression>` that is not a name. */
  | { kind: 'expression'; module: SourceModule; node: Path; statement: Path }
  | { kind: 'reexport'; module: SourceModule; from: string; imported: string; statement: Path }
  | { kind: 'namespace'; module: SourceModule; from: string; statement: Path };

export class Project {
  private readonly modules = new Map<string, SourceModule | null>();
  private readonly failures = new Map<string, string>();
  private readonly exportTables = new Map<SourceModule, Map<string, ExportTarget>>();
  private readonly stars = new Map<SourceModule, Array<{ from: string; statement: Path }>>();
  private readonly importerCache = new Map<SourceModule, SourceModule[]>();
  private specifierWords: Map<string, Set<string>> | undefined;

  constructor(
    private readonly files: ProjectFiles,
    readonly resolver = new ModuleResolver(),
  ) {}

  /** The parsed module at a path, or undefined (unreadable, or it does not parse: see `parseError`). */
  module(path: string): SourceModule | undefined {
    const known = this.modules.get(path);
    if (known !== undefined) return known ?? undefined;
    let module: SourceModule | null = null;
    const text = this.files.read(path);
    if (text !== undefined) {
      try {
        module = new SourceModule(path, text);
      } catch (error) {
        if (!(error instanceof ParseFailure)) throw error;
        this.failures.set(path, error.message);
      }
    }
    this.modules.set(path, module);
    return module ?? undefined;
  }

  /** Adds a module parsed elsewhere (the single-file transform has its text, not a file). */
  add(module: SourceModule): void {
    this.modules.set(module.path, module);
  }

  parseError(path: string): string | undefined {
    return this.failures.get(path);
  }

  /** Modules loaded so far. */
  loaded(): SourceModule[] {
    return [...this.modules.values()].filter((module): module is SourceModule => module !== null);
  }

  /** The project module an import specifier names, or undefined (a package, or not found). */
  resolve(from: SourceModule, specifier: string): SourceModule | undefined {
    const target = this.resolver.resolve(specifier, from.path);
    return target ? this.module(target) : undefined;
  }

  /** Exported names of a module, with what each stands for (re-exports not followed). */
  exportsOf(module: SourceModule): Map<string, ExportTarget> {
    let table = this.exportTables.get(module);
    if (table) return table;
    table = new Map();
    const stars: Array<{ from: string; statement: Path }> = [];
    for (const statement of module.program.get('body') as Path[]) {
      const node = statement.node as AnyNode;
      if (node.type === 'ExportNamedDeclaration') {
        if (node.exportKind === 'type') continue;
        if (node.declaration) {
          for (const name of declaredNames(node.declaration)) table.set(name, { kind: 'local', module, local: name, statement });
        }
        for (const specifier of node.specifiers ?? []) {
          const exported = nameOf(specifier.exported);
          if (specifier.exportKind === 'type' || exported === undefined) continue;
          if (specifier.type === 'ExportNamespaceSpecifier') {
            table.set(exported, { kind: 'namespace', module, from: node.source.value, statement });
          } else if (node.source) {
            table.set(exported, { kind: 'reexport', module, from: node.source.value, imported: nameOf(specifier.local) ?? exported, statement });
          } else {
            table.set(exported, { kind: 'local', module, local: nameOf(specifier.local) ?? exported, statement });
          }
        }
      } else if (node.type === 'ExportDefaultDeclaration') {
        const declaration = node.declaration;
        if (declaration.type === 'Identifier') table.set('default', { kind: 'local', module, local: declaration.name, statement });
        else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
          table.set('default', { kind: 'local', module, local: declaration.id.name, statement });
        } else table.set('default', { kind: 'expression', module, node: statement.get('declaration') as Path, statement });
      } else if (node.type === 'ExportAllDeclaration' && node.exportKind !== 'type') {
        stars.push({ from: node.source.value, statement });
      }
    }
    this.exportTables.set(module, table);
    this.stars.set(module, stars);
    return table;
  }

  /**
   * Where an exported name really lives, following re-exports and `export *`
   * through barrels. Undefined when it leaves the project or is not found.
   */
  findExport(module: SourceModule, name: string, seen = new Set<SourceModule>()): ExportTarget | undefined {
    if (seen.has(module)) return undefined;
    seen.add(module);
    const direct = this.exportsOf(module).get(name);
    if (direct?.kind === 'reexport') {
      const target = this.resolve(module, direct.from);
      return target ? this.findExport(target, direct.imported, seen) : undefined;
    }
    if (direct) return direct;
    if (name === 'default') return undefined;
    for (const star of this.stars.get(module) ?? []) {
      const target = this.resolve(module, star.from);
      const found = target && this.findExport(target, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Modules of the project that import this one (directly or through a barrel).
   * Found by the module's name in each file's import specifiers first (read once
   * per run), so a large project is not parsed to answer.
   */
  importersOf(module: SourceModule): SourceModule[] {
    const known = this.importerCache.get(module);
    if (known) return known;
    const found: SourceModule[] = [];
    const stems = stemsOf(module.path);
    for (const file of this.files.sources) {
      if (file === module.path) continue;
      const words = this.wordsOf(file);
      if (!stems.some((stem) => words.has(stem))) continue;
      const candidate = this.module(file);
      if (!candidate) continue;
      const targets = importSources(candidate).map((source) => this.resolver.resolve(source, candidate.path));
      if (targets.includes(module.path)) found.push(candidate);
    }
    this.importerCache.set(module, found);
    return found;
  }

  private wordsOf(file: string): Set<string> {
    this.specifierWords ??= new Map();
    let words = this.specifierWords.get(file);
    if (!words) {
      words = new Set();
      const text = this.files.read(file) ?? '';
      for (const match of text.matchAll(/(?:\bfrom|\bimport|\brequire|\bexport)\s*\(?\s*['"`]([^'"`\n]+)['"`]/g)) {
        const segments = (match[1] as string).split('/');
        const last = (segments[segments.length - 1] as string).replace(/\.[cm]?[jt]sx?$/, '');
        words.add(last);
        if (last === 'index' && segments.length > 1) words.add(segments[segments.length - 2] as string);
        if (segments.length === 1 || last === '') words.add(segments[segments.length - 2] ?? last);
      }
      this.specifierWords.set(file, words);
    }
    return words;
  }
}

/** The names an importer's specifier would end with: `server` for server.ts, the folder for index.ts. */
export function stemsOf(path: string): string[] {
  const stem = basename(path, extname(path));
  return stem === 'index' ? [stem, basename(dirname(path))] : [stem];
}

/** Every module specifier a module imports or re-exports from (static and dynamic imports, require). */
export function importSources(module: SourceModule): string[] {
  const sources: string[] = [];
  for (const path of module.pathsOf('ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration')) {
    const source = (path.node as AnyNode).source;
    if (source?.type === 'StringLiteral') sources.push(source.value);
  }
  for (const path of module.paths<t.CallExpression>('CallExpression')) {
    const { callee, arguments: args } = path.node;
    const first = args[0];
    if (first?.type !== 'StringLiteral') continue;
    if (callee.type === 'Import' || (callee.type === 'Identifier' && callee.name === 'require')) sources.push(first.value);
  }
  for (const path of module.paths('ImportExpression' as t.Node['type'])) {
    const source = (path.node as AnyNode).source;
    if (source?.type === 'StringLiteral') sources.push(source.value);
  }
  return sources;
}

function nameOf(node: AnyNode): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'StringLiteral') return node.value;
  return undefined;
}

function declaredNames(declaration: AnyNode): string[] {
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.flatMap((declarator: AnyNode) => patternNames(declarator.id));
  if (declaration.id?.type === 'Identifier' && !/^TS(Interface|TypeAlias)Declaration$/.test(declaration.type)) return [declaration.id.name];
  return [];
}

export function patternNames(pattern: AnyNode): string[] {
  switch (pattern?.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property: AnyNode) => patternNames(property.type === 'RestElement' ? property.argument : property.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((element: AnyNode) => patternNames(element));
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    default:
      return [];
  }
}
