/*
 * One parsed module of the project and the facts the project pass asks of it:
 * what it imports and re-exports (resolved to files), and the module-level server
 * it exports, if any.
 */
import { basename, dirname, extname } from 'node:path';
import type { Collection, JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, isReference, memberName, unwrap } from '../../transforms/lib/ast.js';
import { CONFIG_METHODS, isHookAssignment, isServerChain, mentions } from '../../transforms/lib/patterns.js';
import { printOptionsFor } from '../edit/print-options.js';
import { SERVER_CLASSES, type SdkBindings, type SdkClass, classOfNew, findSdkBindings } from '../../transforms/lib/sdk-imports.js';
import type { ModuleResolver } from '../scan/resolver.js';

export interface ImportEdge {
  path: AnyPath;
  specifier: string;
  target: string | undefined;
}

export class Module {
  private parsed: { root: Collection; program: AnyNode } | undefined;
  private bindingsCache: SdkBindings | undefined;
  private names: Set<string> | undefined;

  constructor(
    readonly absolute: string,
    readonly bytes: Buffer,
    /** The text this pass works on: decoded, without a BOM (and with earlier edits of this pass). */
    readonly text: string,
    readonly bom: boolean,
    readonly j: JSCodeshift,
    private readonly resolver: ModuleResolver,
    /** The file's text as the user wrote it. */
    readonly original: string = text,
  ) {}

  /** Parsed on first use: most modules of a project are only searched as text. */
  get root(): Collection {
    if (!this.parsed) {
      const root = this.j(this.text, printOptionsFor(this.text));
      this.parsed = { root, program: root.find(this.j.Program).get().node };
    }
    return this.parsed.root;
  }

  /** Whether the module parses (a file that does not is part of no plan; the per-file pass reports it). */
  parses(): boolean {
    try {
      void this.root;
      return true;
    } catch {
      return false;
    }
  }

  get program(): AnyNode {
    void this.root;
    return (this.parsed as { program: AnyNode }).program;
  }

  get typescript(): boolean {
    return /\.[cm]?tsx?$/.test(this.absolute);
  }

  /** The name an importer's text would use for this file: `server` for server.ts, the folder for index.ts. */
  get stems(): string[] {
    const stem = basename(this.absolute, extname(this.absolute));
    return stem === 'index' ? [stem, basename(dirname(this.absolute))] : [stem];
  }

  bindings(): SdkBindings {
    this.bindingsCache ??= findSdkBindings(this.j, this.root);
    return this.bindingsCache;
  }

  usedNames(): Set<string> {
    if (!this.names) {
      this.names = new Set();
      this.root.find(this.j.Identifier).forEach((path: AnyPath) => this.names?.add(path.node.name));
    }
    return this.names;
  }

  resolve(specifier: string): string | undefined {
    return this.resolver.resolve(specifier, this.absolute);
  }

  /** `import ... from '<spec>'` declarations, resolved. */
  imports(): ImportEdge[] {
    const edges: ImportEdge[] = [];
    this.root.find(this.j.ImportDeclaration).forEach((path: AnyPath) => {
      const specifier = String(path.node.source.value);
      edges.push({ path, specifier, target: this.resolve(specifier) });
    });
    return edges;
  }

  /** `export { a as b } from '<spec>'` and `export * from '<spec>'`, resolved. */
  reexports(): ImportEdge[] {
    const edges: ImportEdge[] = [];
    for (const [index, statement] of (this.program.body as AnyNode[]).entries()) {
      if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
        const specifier = String(statement.source.value);
        edges.push({ path: this.root.find(this.j.Program).get('body', index) as AnyPath, specifier, target: this.resolve(specifier) });
      }
    }
    return edges;
  }

  /**
   * Module-level `const server = new McpServer(...)` that the module exports, with the
   * names it is exported under (`export const`, `export { server as x }`, `export default server`).
   */
  exportedServers(): Array<{ name: string; cls: SdkClass; declarator: AnyPath; exportNames: string[] }> {
    const found: Array<{ name: string; cls: SdkClass; declarator: AnyPath; exportNames: string[] }> = [];
    const bindings = this.bindings();
    const body = this.program.body as AnyNode[];
    const programPath = this.root.find(this.j.Program).get();
    for (const [index, statement] of body.entries()) {
      const exported = statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration';
      const declaration = exported ? statement.declaration : statement.type === 'VariableDeclaration' ? statement : undefined;
      if (!declaration) continue;
      for (const [position, declarator] of (declaration.declarations as AnyNode[]).entries()) {
        const cls = classOfNew(bindings, declarator.init);
        if (!cls || !SERVER_CLASSES.includes(cls) || declarator.id.type !== 'Identifier') continue;
        const name: string = declarator.id.name;
        const exportNames = exported ? [name] : [];
        for (const other of body) {
          if (other.type === 'ExportNamedDeclaration' && !other.source && !other.declaration) {
            for (const spec of other.specifiers ?? []) if (spec.local?.name === name) exportNames.push(spec.exported?.name ?? name);
          }
          if (other.type === 'ExportDefaultDeclaration' && other.declaration?.type === 'Identifier' && other.declaration.name === name) exportNames.push('default');
        }
        if (exportNames.length === 0) continue;
        const statementPath = programPath.get('body', index) as AnyPath;
        const declarationPath = exported ? (statementPath.get('declaration') as AnyPath) : statementPath;
        found.push({ name, cls, declarator: declarationPath.get('declarations', position) as AnyPath, exportNames });
      }
    }
    return found;
  }

  /** Module-level references to a binding (an import or a module-level declaration). */
  moduleReferences(name: string, exclude?: AnyNode): AnyPath[] {
    const programScope = this.root.find(this.j.Program).get().scope;
    const refs: AnyPath[] = [];
    this.root.find(this.j.Identifier, { name }).forEach((path: AnyPath) => {
      if (path.node === exclude || !isReference(path)) return;
      const parent = (path.parent as AnyPath | undefined)?.node;
      if (parent?.type === 'ImportSpecifier' || parent?.type === 'ImportDefaultSpecifier') return;
      if (path.scope?.lookup(name) !== programScope) return;
      refs.push(path);
    });
    return refs;
  }

  /** The statement of the program body that holds a path. */
  topStatement(path: AnyPath): AnyPath | undefined {
    let current: AnyPath | null = path;
    while (current && (current.parent as AnyPath | null)?.node.type !== 'Program') current = current.parent as AnyPath | null;
    return current ?? undefined;
  }
}

/**
 * A module-level statement that only configures `name`: `server.tool(...)`,
 * `server.server.setRequestHandler(...)`, `server.onerror = ...`, `registerX(server)`.
 */
export function isConfigStatement(node: AnyNode, name: string): boolean {
  if (node?.type !== 'ExpressionStatement') return false;
  if (isHookAssignment(node, name)) return true;
  const call = unwrap(node.expression);
  if (call?.type !== 'CallExpression') return false;
  const method = memberName(call.callee);
  if (method && isServerChain(call.callee.object, name)) return CONFIG_METHODS.has(method);
  return call.arguments.some((arg: AnyNode) => arg.type === 'Identifier' && arg.name === name) && !mentions(call.callee, name);
}

/** `x.connect(...)` where the path is the `x`. */
export function isConnectOf(ref: AnyPath): boolean {
  const member = ref.parent as AnyPath | undefined;
  const call = member?.parent as AnyPath | undefined;
  return memberName(member?.node) === 'connect' && member?.node.object === ref.node && call?.node.type === 'CallExpression' && call.node.callee === member?.node;
}
