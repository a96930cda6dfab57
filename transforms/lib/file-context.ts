/*
 * What every part of the rewrite of one file shares: the parsed file, the SDK
 * bindings, the file's style (quotes, indentation, semicolons), the names in use,
 * the findings, and the small printing helpers.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, hasComment, isReference, lineOf, someNode, unwrap } from './ast.js';
import { type Finding, IGNORE_DIRECTIVE, MARKER_PREFIX, type RuleId } from './findings.js';
import type { Options } from 'recast';
import { printOptionsFor } from '../../lib/edit/print-options.js';
import { SERVER_CLASSES, type SdkBindings, type SdkClass, classOfNew } from './sdk-imports.js';
import { innermostStatement, usesSemicolons } from './patterns.js';

export interface Insertion {
  list: AnyNode[];
  before: AnyNode;
  statements: () => AnyNode[];
}

export interface Unsafe {
  path: AnyPath;
  rule: RuleId;
  reason: string;
}

export interface SharedTransport {
  name: string;
  declarator: AnyPath;
  statement: AnyPath;
  newNode: AnyNode;
  cls: SdkClass;
  stateless: boolean;
  /** `transport.handleRequest(...)` calls and `.bind(transport)` uses in handlers. */
  sites: AnyPath[];
  /** Statements beside the declaration that only configure it (`transport.onerror = ...`). */
  config: AnyPath[];
  /** References the rewrite cannot account for. */
  others: AnyPath[];
}

export interface FileIndex {
  byType: Map<string, AnyPath[]>;
  identifiers: Map<string, AnyPath[]>;
}

/** One walk over the file: every node path by type, identifiers by name. */
export function indexFile(j: JSCodeshift, root: Collection): FileIndex {
  const byType = new Map<string, AnyPath[]>();
  const identifiers = new Map<string, AnyPath[]>();
  root.find(j.Node).forEach((path: AnyPath) => {
    const type: string = path.node.type;
    let list = byType.get(type);
    if (!list) byType.set(type, (list = []));
    list.push(path);
    if (type === 'Identifier') {
      let named = identifiers.get(path.node.name);
      if (!named) identifiers.set(path.node.name, (named = []));
      named.push(path);
    }
  });
  return { byType, identifiers };
}

export class FileContext {
  changed = false;
  readonly usedNames: Set<string>;
  readonly quote: string;
  /** One level of the file's indentation, for the lines we write. */
  readonly indent: string;
  /** `;` unless the file is written without semicolons (standard style). */
  readonly semi: string;

  constructor(
    readonly j: JSCodeshift,
    readonly root: Collection,
    readonly bindings: SdkBindings,
    readonly source: string,
    readonly findings: Finding[],
    readonly typescript: boolean,
    readonly readImport?: (specifier: string) => string | undefined,
    index?: FileIndex,
  ) {
    this.indexed = index;
    this.usedNames = new Set(this.index().identifiers.keys());
    const options = printOptionsFor(source);
    this.textOptions = { ...options, lineTerminator: '\n' };
    this.quote = options.quote === 'double' ? '"' : "'";
    this.indent = options.useTabs ? '\t' : ' '.repeat(options.tabWidth ?? 2);
    this.semi = usesSemicolons(source) ? ';' : '';
  }

  /** How `text()` prints: the file's style, `\n` line ends. */
  private readonly textOptions: Options;

  /** Functions made async because the rewrite awaits in them. */
  readonly asyncTargets = new Set<AnyNode>();

  /** What an imported function was found to return, by its local name (see foreign-servers). */
  readonly importVerdicts = new Map<string, boolean | undefined>();

  private indexed: FileIndex | undefined;

  /**
   * Every node path of the file by type, and identifiers by name, from one walk.
   * Each `find` over the AST is a full walk; the analysis asks dozens of questions
   * per file, so they are answered from this index, rebuilt after the AST changes.
   */
  private index(): FileIndex {
    this.indexed ??= indexFile(this.j, this.root);
    return this.indexed;
  }

  /** All paths of nodes of one type, in source order. */
  paths(type: string): AnyPath[] {
    return this.index().byType.get(type) ?? [];
  }

  identifierPaths(name: string): AnyPath[] {
    return this.index().identifiers.get(name) ?? [];
  }

  /** Declarators `const <name> = ...` and assignments `<name> = ...`, in source order. */
  declaratorsOf(name: string): AnyPath[] {
    return this.paths('VariableDeclarator').filter((path) => path.node.id.type === 'Identifier' && path.node.id.name === name);
  }

  assignmentsTo(name: string): AnyPath[] {
    return this.paths('AssignmentExpression').filter((path) => path.node.left.type === 'Identifier' && path.node.left.name === name);
  }

  /** After changing the AST: the next question walks it again. */
  invalidate(): void {
    this.indexed = undefined;
  }

  referencesTo(name: string, declarator: AnyPath): AnyPath[] {
    const scope = declarator.scope?.lookup(name);
    return this.identifierPaths(name).filter((path) => path.node !== declarator.node.id && isReference(path) && path.scope?.lookup(name) === scope);
  }

  markUnsafe(unsafe: Unsafe[]): void {
    const marked = new Set<AnyNode>();
    for (const entry of unsafe) {
      const statement = innermostStatement(entry.path) ?? entry.path;
      const { line, column } = lineOf(entry.path.node);
      this.findings.push({ rule: entry.rule, line, column, status: 'review', message: entry.reason });
      if (marked.has(statement.node) || hasComment(statement.node, MARKER_PREFIX) || hasComment(statement.node, IGNORE_DIRECTIVE)) continue;
      marked.add(statement.node);
      this.changed = true;
      if (!this.semi && !statement.node.comments?.length && Array.isArray((statement.parentPath as AnyPath | null)?.value)) {
        // recast reprints a statement whose comments change, adding a `;`: in a file
        // written without them, the statement is parsed again from its own text.
        const [replacement] = this.parseStatements(`// ${MARKER_PREFIX} ${entry.reason}\n${this.text(statement.node)}`);
        if (replacement) {
          statement.replace(replacement);
          marked.add(replacement);
          continue;
        }
      }
      const comment = this.j.commentLine(` ${MARKER_PREFIX} ${entry.reason}`, true, false);
      statement.node.comments = [...(statement.node.comments ?? []), comment];
    }
  }

  /**
   * A node's source as written. recast parses a normalised copy of the file (tabs
   * expanded, `\n` line ends), so offsets into the original text cannot be used;
   * reprinting an untouched node gives back its original text.
   */
  text(node: AnyNode): string {
    return this.j(node).toSource(this.textOptions);
  }

  parseStatements(code: string): AnyNode[] {
    // Wrapped in an async function so `await` parses in any parser configuration;
    // recast reuses the snippet's own text, re-indented, so it reads as written here.
    const program = this.j(`async function __mcpIsolate() {\n${code}\n}`).find(this.j.Program).get().node;
    const body: AnyNode[] = program.body[0].body.body;
    return body;
  }

  /** An expression statement printed in the file's own style. */
  statementOf(expression: AnyNode): AnyNode {
    const statement = this.parseStatements(`0${this.semi}`)[0];
    statement.expression = expression;
    return statement;
  }

  freeName(candidates: string[]): string {
    for (const candidate of candidates) if (!this.usedNames.has(candidate)) return candidate;
    let counter = 2;
    while (this.usedNames.has(`${candidates[0]}${counter}`)) counter++;
    return `${candidates[0]}${counter}`;
  }

  /** A function declared at module level under `name` (declaration, or const arrow/function). */
  /**
   * The function a name refers to: seen from `at` when given (so functions nested in
   * `main()` count), else declared at module level.
   */
  localFunction(name: string, at?: AnyPath): AnyNode | undefined {
    if (at) {
      const binding = (at.scope?.lookup(name)?.getBindings()[name] as AnyPath[] | undefined)?.[0];
      const parent = (binding?.parent as AnyPath | undefined)?.node;
      if (parent?.type === 'FunctionDeclaration' && parent.id === binding?.node) return parent;
      if (parent?.type === 'VariableDeclarator' && parent.id === binding?.node) {
        const init = unwrap(parent.init);
        return init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression' ? init : undefined;
      }
      return undefined;
    }
    const program = this.root.find(this.j.Program).get().node;
    for (const statement of program.body as AnyNode[]) {
      const node = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
      if (node.type === 'FunctionDeclaration' && node.id?.name === name) return node;
      if (node.type === 'VariableDeclaration') {
        for (const declarator of node.declarations) {
          const init = unwrap(declarator.init);
          if (declarator.id.type === 'Identifier' && declarator.id.name === name && (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) return init;
        }
      }
    }
    return undefined;
  }


  isServerFactory(name: string, at?: AnyPath): boolean {
    const fn = this.localFunction(name, at);
    if (!fn) return false;
    const body = fn.body;
    if (body.type !== 'BlockStatement') return classOfNew(this.bindings, unwrap(body)) !== undefined && SERVER_CLASSES.includes(classOfNew(this.bindings, unwrap(body)) as SdkClass);
    const returns: AnyNode[] = [];
    const created = new Set<string>();
    someNode(
      body,
      (node) => {
        if (node.type === 'ReturnStatement') returns.push(unwrap(node.argument));
        if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && SERVER_CLASSES.includes(classOfNew(this.bindings, node.init) as SdkClass)) created.add(node.id.name);
        return false;
      },
      { skipFunctions: true },
    );
    return (
      returns.length > 0 &&
      returns.every(
        (value) =>
          (value?.type === 'Identifier' && created.has(value.name)) || SERVER_CLASSES.includes(classOfNew(this.bindings, value) as SdkClass),
      )
    );
  }

  /**
   * `createServer(...)`: a call to a function that returns a new SDK server each time,
   * declared in this file or imported from a module that shows it builds one.
   */
  isFactoryCall(init: AnyNode, at?: AnyPath): boolean {
    const call = unwrap(init);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false;
    if (this.isServerFactory(call.callee.name, at)) return true;
    return !this.localFunction(call.callee.name, at) && this.importedFactory?.(call.callee.name) === true;
  }

  /** Set by the rewrite: whether an imported function demonstrably builds a new server (see foreign-servers). */
  importedFactory?: (name: string) => boolean | undefined;

  creationOf(at: AnyPath, name: string): AnyNode | undefined {
    const scope = at.scope?.lookup(name);
    let found: AnyNode | undefined;
    this.declaratorsOf(name).forEach((path: AnyPath) => {
      if (path.scope?.lookup(name) === scope && classOfNew(this.bindings, path.node.init)) found = unwrap(path.node.init);
    });
    this.assignmentsTo(name).forEach((path: AnyPath) => {
      if (path.scope?.lookup(name) === scope && classOfNew(this.bindings, path.node.right)) found = unwrap(path.node.right);
    });
    return found;
  }
}
