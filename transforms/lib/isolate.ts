/*
 * The core rewrite: a server instance that is connected to many transports
 * (and a stateless transport shared by every request) becomes a builder that is
 * called once per request, session or SSE stream.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import {
  type AnyNode,
  type AnyPath,
  ancestorIn,
  contains,
  enclosingFunction,
  hasComment,
  hasOwnAwait,
  isReference,
  lineOf,
  listOf,
  memberName,
  statementOf,
  unwrap,
} from './ast.js';
import { type Finding, IGNORE_DIRECTIVE, MARKER_PREFIX, RULES, type RuleId } from './findings.js';
import { type ConnectGuard, connectGuard } from './guards.js';
import { printOptionsFor } from './print-options.js';
import {
  HTTP_TRANSPORT_CLASSES,
  NETWORK_TRANSPORT_CLASSES,
  SERVER_CLASSES,
  type SdkBindings,
  type SdkClass,
  classOfNew,
  findSdkBindings,
  mentionsSdkServer,
} from './sdk-imports.js';

export interface IsolateResult {
  /** The rewritten source, or undefined when nothing changed. */
  source: string | undefined;
  findings: Finding[];
}

/** Calls that only configure a server: safe to replay on every new instance. */
const CONFIG_METHODS = new Set([
  'tool',
  'registerTool',
  'resource',
  'registerResource',
  'prompt',
  'registerPrompt',
  'setRequestHandler',
  'setNotificationHandler',
  'removeRequestHandler',
  'removeNotificationHandler',
  'registerCapabilities',
]);
const HOOKS = new Set(['onerror', 'onclose', 'oninitialized', 'fallbackRequestHandler', 'fallbackNotificationHandler']);
const BUILDER_NAMES = ['createMcpServer', 'createMcpServerInstance', 'buildMcpServer', 'newMcpServer'];

type ConnectKind = 'shared-stateless' | 'shared-stateful' | 'per-connection' | 'stdio' | 'unknown';

interface Connect {
  ref: AnyPath;
  call: AnyPath;
  kind: ConnectKind;
  transport?: SharedTransport;
}

interface SharedTransport {
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

/** `let transport; ... transport = new SSEServerTransport('/messages', res)` in a handler. */
interface OverwrittenStream {
  name: string;
  mapName: string;
  declaration: AnyPath;
  assignment: AnyPath;
  newNode: AnyNode;
  posts: AnyPath[];
}

interface Insertion {
  list: AnyNode[];
  before: AnyNode;
  statements: () => AnyNode[];
}

interface Unsafe {
  path: AnyPath;
  rule: RuleId;
  reason: string;
}

export interface IsolateOptions {
  /** Whether the file is TypeScript (decides whether added code carries type arguments); detected when omitted. */
  typescript?: boolean;
  /**
   * The source of a module this file imports (`./server.js`), so a function imported
   * from it can be judged: a factory, or a getter that keeps one server. Without it,
   * imported functions are taken to be factories.
   */
  readImport?: (specifier: string) => string | undefined;
}

export function isolateMcpServer(source: string, j: JSCodeshift, settings: IsolateOptions = {}): IsolateResult {
  const findings: Finding[] = [];
  if (!mentionsSdkServer(source)) return { source: undefined, findings };
  // recast measures the original indentation with the same options it prints with.
  const root = j(source, printOptionsFor(source));
  indentFromOwnLine(root.get().node);
  const bindings = findSdkBindings(j, root);
  const typescript = settings.typescript ?? root.find(j.TSTypeAnnotation).size() + root.find(j.TSTypeReference).size() > 0;
  const rewriter = new FileRewriter(j, root, bindings, source, findings, typescript, settings.readImport);
  const changed = rewriter.run();
  if (!changed) return { source: undefined, findings };
  const options = printOptionsFor(source);
  let output = keepShebang(source, keepDirectivePrologue(source, root.toSource(options)));
  if (options.useTabs) output = tabsForPrintedIndent(source, output, options.tabWidth ?? 4);
  return { source: output, findings };
}

/**
 * recast indents the first statement of a reprinted block with spaces even when
 * told to use tabs. Lines that exist verbatim in the original (template literals
 * included) are never touched.
 */
function tabsForPrintedIndent(before: string, after: string, tabWidth: number): string {
  const originalLines = new Set(before.split(/\r?\n/));
  return after
    .split('\n')
    .map((line) => {
      const match = /^( +)(\S.*)?$/.exec(line.replace(/\r$/, ''));
      if (!match || originalLines.has(line.replace(/\r$/, '')) || (match[1] as string).length % tabWidth !== 0) return line;
      return '\t'.repeat((match[1] as string).length / tabWidth) + line.slice((match[1] as string).length);
    })
    .join('\n');
}

/**
 * recast re-indents a reprinted node by the indentation of the nearest ancestor
 * that starts a line, so a callback in `http\n  .createServer(async () => {...})`
 * loses a level. The indentation of the node's own first line is the right one.
 */
function indentFromOwnLine(node: AnyNode): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) indentFromOwnLine(item);
    return;
  }
  if (typeof node.type !== 'string') return;
  const loc = node.loc;
  if (loc?.lines && !/Comment|^Line$|^Block$/.test(node.type)) loc.indent = loc.lines.getIndentAt(loc.start.line);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
    indentFromOwnLine(node[key]);
  }
}

/** recast prints a `#!` line without its line end when the Program is reprinted. */
function keepShebang(before: string, after: string): string {
  const original = /^#![^\r\n]*(\r?\n)/.exec(before);
  if (!original || after.startsWith(original[0])) return after;
  const line = original[0].slice(0, -(original[1] as string).length);
  return after.startsWith(line) ? original[0] + after.slice(line.length).replace(/^[ \t]*/, '') : after;
}

/** recast prints a reprinted Program's `'use strict';` directive with a second semicolon and no blank line after it. */
function keepDirectivePrologue(before: string, after: string): string {
  const original = /^(['"])use strict\1;(\r?\n)(\r?\n)?/.exec(before);
  if (!original) return after;
  const printed = /^(['"])use strict\1;;?(\r?\n)(\r?\n)?/.exec(after);
  if (!printed) return after;
  return original[0] + after.slice(printed[0].length);
}

class FileRewriter {
  private changed = false;
  private readonly usedNames: Set<string>;
  private readonly quote: string;
  /** One level of the file's indentation, for the lines we write. */
  private readonly indent: string;
  /** `;` unless the file is written without semicolons (standard style). */
  private readonly semi: string;

  constructor(
    private readonly j: JSCodeshift,
    private readonly root: Collection,
    private readonly bindings: SdkBindings,
    private readonly source: string,
    private readonly findings: Finding[],
    private readonly typescript: boolean,
    private readonly readImport?: (specifier: string) => string | undefined,
  ) {
    this.usedNames = new Set(root.find(j.Identifier).nodes().map((node) => node.name));
    const options = printOptionsFor(source);
    this.quote = options.quote === 'double' ? '"' : "'";
    this.indent = options.useTabs ? '\t' : ' '.repeat(options.tabWidth ?? 2);
    this.semi = usesSemicolons(source) ? ';' : '';
  }

  run(): boolean {
    this.dropServerCaches();
    const servers = this.root
      .find(this.j.VariableDeclarator)
      .filter((path) => {
        if (path.node.id.type !== 'Identifier') return false;
        const cls = classOfNew(this.bindings, path.node.init);
        return Boolean(cls && SERVER_CLASSES.includes(cls)) || this.isFactoryCall(path.node.init);
      })
      .paths();
    for (const declarator of servers) this.isolateServer(declarator);
    this.markForeignServers(new Set(servers.map((path) => path.node)));
    this.markExportedTransports();
    return this.changed;
  }

  // ---------------------------------------------------------------- caching getters

  /**
   * `let s; function getServer() { if (!s) { s = new McpServer(...); ... } return s; }`
   * hands every connection the same server. Without the cache it is a builder, and
   * its callers (per request, or once, which the main pass then fixes) get fresh ones.
   */
  private dropServerCaches(): void {
    const hasNetworkTransport = [...this.bindings.direct.values(), ...[...this.bindings.namespaces.values()].flat()].some((cls) =>
      NETWORK_TRANSPORT_CLASSES.includes(cls),
    );
    if (!hasNetworkTransport) return;
    const program = this.root.find(this.j.Program).get();
    for (const statementPath of program.get('body').map((path: AnyPath) => path) as AnyPath[]) {
      const statement = statementPath.node;
      if (statement.type !== 'VariableDeclaration' || statement.kind !== 'let' || statement.declarations.length !== 1) continue;
      const declarator = statement.declarations[0];
      const init = unwrap(declarator.init);
      if (declarator.id.type !== 'Identifier' || (init && !isNullish(init))) continue;
      this.dropCache(declarator.id.name, statementPath);
    }
  }

  private dropCache(cache: string, declaration: AnyPath): void {
    const declaratorPath = (declaration.get('declarations', 0) as AnyPath);
    const refs = this.referencesTo(cache, declaratorPath);
    const getters = new Set(refs.map((ref) => enclosingFunction(ref)?.node));
    if (getters.size !== 1 || getters.has(undefined)) return;
    const getter = [...getters][0] as AnyNode;
    if (getter.body?.type !== 'BlockStatement') return;
    const body: AnyNode[] = getter.body.body;
    const last = body[body.length - 1];
    if (last?.type !== 'ReturnStatement' || unwrap(last.argument)?.type !== 'Identifier' || unwrap(last.argument).name !== cache) return;

    // Either `if (!s) { s = new ...; ... }` or `if (s) return s; s = new ...;`.
    const replacement: AnyNode[] = [];
    let creation: AnyNode | undefined;
    let found = false;
    for (const node of body.slice(0, -1)) {
      if (!found && node.type === 'IfStatement' && !node.alternate && isMissingTest(node.test, cache)) {
        const inner = node.consequent.type === 'BlockStatement' ? node.consequent.body : [node.consequent];
        replacement.push(...inner);
        found = true;
        continue;
      }
      if (!found && node.type === 'IfStatement' && !node.alternate && isPresentTest(node.test, cache) && returnsName(node.consequent, cache)) {
        found = true;
        continue;
      }
      replacement.push(node);
    }
    if (!found) return;
    for (const node of replacement) {
      const expression = node.type === 'ExpressionStatement' ? unwrap(node.expression) : undefined;
      if (
        expression?.type === 'AssignmentExpression' &&
        expression.operator === '=' &&
        expression.left.type === 'Identifier' &&
        expression.left.name === cache &&
        SERVER_CLASSES.includes(classOfNew(this.bindings, expression.right) as SdkClass)
      ) {
        if (creation) return;
        creation = node;
      }
    }
    if (!creation) return;
    // Any other assignment (a reset on close, say) means the cache is more than a cache.
    const assignments = refs.filter((ref) => (ref.parent as AnyPath).node.type === 'AssignmentExpression' && (ref.parent as AnyPath).node.left === ref.node);
    if (assignments.length !== 1) return;
    if (hasComment(declaration.node, IGNORE_DIRECTIVE) || hasComment(getter, IGNORE_DIRECTIVE)) return;

    const expression = unwrap(creation.expression);
    const declarationNode = this.j.variableDeclaration('const', [this.j.variableDeclarator(this.j.identifier(cache), expression.right)]);
    declarationNode.comments = creation.comments;
    replacement[replacement.indexOf(creation)] = declarationNode;
    getter.body.body = [...replacement, last];
    const program = listOf(declaration);
    const comments = declaration.node.comments;
    program.splice(program.indexOf(declaration.node), 1);
    // A comment on the cache explains the cache; it goes with it unless it documents more.
    void comments;
    const { line, column } = lineOf(declaration.node);
    const name = getter.id?.name ?? 'the getter';
    this.findings.push({
      rule: RULES.sharedServer,
      line,
      column,
      status: 'fixed',
      message: `\`${name}()\` cached one server in \`${cache}\` for every connection; it now builds a new server on each call`,
    });
    this.changed = true;
  }

  // ---------------------------------------------------------------- servers from elsewhere

  /**
   * `server.connect(transport)` for a network transport, where `server` is not one
   * this file builds: imported, passed in, kept on `this`, or returned by a call made
   * once. The file alone cannot show where it is built, so the connect is marked.
   */
  private markForeignServers(handled: Set<AnyNode>): void {
    const unsafe: Unsafe[] = [];
    this.root.find(this.j.CallExpression).forEach((call: AnyPath) => {
      const callee = call.node.callee;
      if (memberName(callee) !== 'connect' || call.node.arguments.length !== 1) return;
      if (!this.isNetworkTransport(call, call.node.arguments[0])) return;
      const reason = this.foreignServerReason(call, unwrap(callee.object), handled);
      if (reason) {
        unsafe.push({ path: call, rule: RULES.sharedServer, reason });
        return;
      }
      // connectTransport(server, transport) { await server.connect(transport) }: judge what its callers pass.
      for (const site of this.helperCallSites(call, unwrap(callee.object))) {
        const passed = this.foreignServerReason(site.path, site.argument, handled);
        if (passed) unsafe.push({ path: site.path, rule: RULES.sharedServer, reason: passed });
      }
    });
    this.root.find(this.j.CallExpression).forEach((call: AnyPath) => {
      if (memberName(call.node.callee) !== 'handleRequest') return;
      const reason = this.capturedTransportReason(call, unwrap(call.node.callee.object));
      if (reason) unsafe.push({ path: call, rule: RULES.sharedStatelessTransport, reason });
    });
    if (unsafe.length > 0) this.markUnsafe(unsafe);
  }

  /** Calls of the local function that connects its own parameter, with the argument given for it. */
  private helperCallSites(call: AnyPath, server: AnyNode): Array<{ path: AnyPath; argument: AnyNode }> {
    if (server?.type !== 'Identifier') return [];
    const helper = enclosingFunction(call);
    const index = (helper?.node.params as AnyNode[] | undefined)?.findIndex((param) => unwrap(param)?.name === server.name || param.left?.name === server.name) ?? -1;
    if (!helper || index < 0) return [];
    const name = helper.node.id?.name ?? (helper.parent as AnyPath)?.node.id?.name;
    if (!name || this.localFunction(name) !== helper.node) return [];
    const sites: Array<{ path: AnyPath; argument: AnyNode }> = [];
    this.root.find(this.j.CallExpression, { callee: { type: 'Identifier', name } }).forEach((site: AnyPath) => {
      const argument = unwrap(site.node.arguments[index]);
      if (argument) sites.push({ path: site, argument });
    });
    return sites;
  }

  /** `transport.handleRequest(...)` in a handler, on a transport handed to the function that set the handler up. */
  private capturedTransportReason(call: AnyPath, transport: AnyNode): string | undefined {
    if (transport?.type !== 'Identifier') return undefined;
    const scope = call.scope?.lookup(transport.name);
    const binding = (scope?.getBindings()[transport.name] as AnyPath[] | undefined)?.[0];
    if (!binding) return undefined;
    const owner = enclosingFunction(binding);
    if (!owner || owner.node === enclosingFunction(call)?.node) return undefined;
    if (!(owner.node.params as AnyNode[]).some((param) => paramDeclares(param, binding.node))) return undefined;
    const annotation = binding.node.typeAnnotation?.typeAnnotation;
    const cls = annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' ? this.bindings.types.get(annotation.typeName.name) : undefined;
    if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls)) return undefined;
    return `\`${transport.name}\` is one transport passed in and used for every request; create a transport (and a server) per request or per session instead`;
  }

  private isNetworkTransport(at: AnyPath, node: AnyNode): boolean {
    const arg = unwrap(node);
    if (arg?.type === 'NewExpression') return NETWORK_TRANSPORT_CLASSES.includes(classOfNew(this.bindings, arg) as SdkClass);
    if (arg?.type !== 'Identifier') return false;
    const scope = at.scope?.lookup(arg.name);
    if (!scope) return false;
    // (transport: StreamableHTTPServerTransport) => ...
    const binding = (scope.getBindings()[arg.name] as AnyPath[] | undefined)?.[0];
    const annotation = binding?.node.typeAnnotation?.typeAnnotation;
    if (annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier') {
      const cls = this.bindings.types.get(annotation.typeName.name);
      if (cls && NETWORK_TRANSPORT_CLASSES.includes(cls)) return true;
    }
    let network = false;
    this.root.find(this.j.VariableDeclarator, { id: { type: 'Identifier', name: arg.name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) === scope && NETWORK_TRANSPORT_CLASSES.includes(classOfNew(this.bindings, path.node.init) as SdkClass)) network = true;
    });
    this.root.find(this.j.AssignmentExpression, { left: { type: 'Identifier', name: arg.name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) === scope && NETWORK_TRANSPORT_CLASSES.includes(classOfNew(this.bindings, path.node.right) as SdkClass)) network = true;
    });
    return network;
  }

  private foreignServerReason(call: AnyPath, server: AnyNode, handled: Set<AnyNode>): string | undefined {
    const connectFn = enclosingFunction(call);
    if (server?.type === 'MemberExpression' && unwrap(server.object)?.type === 'ThisExpression') {
      return `the server kept on \`this.${memberName(server) ?? '...'}\` is connected to every connection's transport; give each connection its own server (build it per connection, or keep a factory instead of an instance)`;
    }
    if (server?.type === 'CallExpression') {
      return this.callCreatesServer(server, call) === false
        ? `\`${this.text(server.callee)}()\` returns a server it keeps, so every connection shares it; build a new server for each connection`
        : undefined;
    }
    if (server?.type !== 'Identifier') return undefined;
    const name: string = server.name;
    const scope = call.scope?.lookup(name);
    if (!scope) return undefined;
    const binding = (scope.getBindings()[name] as AnyPath[] | undefined)?.[0];
    if (!binding) return undefined;
    let parent = (binding.parent as AnyPath)?.node;
    let declaratorPath = binding.parent as AnyPath;
    // const { server, cleanup } = createServer()
    while (declaratorPath && ['ObjectProperty', 'Property', 'ObjectPattern', 'ArrayPattern'].includes(declaratorPath.node.type)) {
      declaratorPath = declaratorPath.parent as AnyPath;
    }
    if (declaratorPath?.node.type === 'VariableDeclarator' && declaratorPath.node !== parent) {
      parent = declaratorPath.node;
      if (handled.has(parent)) return undefined;
      const init = unwrap(parent.init);
      if (enclosingFunction(declaratorPath)?.node === connectFn?.node) return undefined;
      if (init?.type === 'CallExpression' && this.callCreatesServer(init, call) !== false) {
        return `\`${name}\` comes from \`${this.text(init.callee)}()\`, called once and then shared by every connection; call it for each connection instead`;
      }
      return `\`${name}\` is one server shared by every connection; give each connection its own server`;
    }
    if (parent?.type === 'ImportSpecifier' || parent?.type === 'ImportDefaultSpecifier' || parent?.type === 'ImportNamespaceSpecifier') {
      const from = ((binding.parent as AnyPath).parent as AnyPath)?.node?.source?.value;
      return `\`${name}\` is one server imported from '${from}' and connected to every connection's transport; export a builder from that module and call it per connection`;
    }
    if (parent?.type === 'VariableDeclarator' && parent.id === binding.node) {
      if (handled.has(parent)) return undefined;
      const declarator = binding.parent as AnyPath;
      if (enclosingFunction(declarator)?.node === connectFn?.node) {
        const init = unwrap(parent.init);
        return init?.type === 'CallExpression' && this.callCreatesServer(init, call) === false
          ? `\`${this.text(init.callee)}()\` returns a server it keeps, so every connection shares it; build a new server for each connection`
          : undefined;
      }
      const init = unwrap(parent.init);
      if (init?.type === 'CallExpression' && this.callCreatesServer(init, call) !== false) {
        return `\`${name}\` comes from \`${this.text(init.callee)}()\`, called once and then shared by every connection; call it for each connection instead (this file does not show what it builds)`;
      }
      if (init?.type === 'CallExpression' || init?.type === 'MemberExpression' || init?.type === 'Identifier') {
        return `\`${name}\` is one server shared by every connection; give each connection its own server`;
      }
      return undefined;
    }
    // A parameter of an outer function: one server handed in, many connections served.
    const owner = enclosingFunction(binding);
    if (owner && (owner.node.params as AnyNode[]).some((param) => contains(binding, binding) && paramDeclares(param, binding.node)) && owner.node !== connectFn?.node) {
      return `\`${name}\` is one server passed in and connected to every connection's transport; take a function that builds a server and call it per connection`;
    }
    return undefined;
  }

  /** false when the call demonstrably returns a kept server; true when it builds one; undefined when this file cannot tell. */
  private callCreatesServer(call: AnyNode, at: AnyPath): boolean | undefined {
    const callee = unwrap(call.callee);
    let fn: AnyNode | undefined;
    if (callee?.type === 'Identifier') fn = this.localFunction(callee.name);
    if (callee?.type === 'Identifier' && !fn) return this.importedCreatesServer(callee.name);
    else if (callee?.type === 'MemberExpression' && unwrap(callee.object)?.type === 'ThisExpression') fn = this.classMethod(at, memberName(callee));
    if (!fn) return undefined;
    return this.constructsServer(fn);
  }

  /** Looks into the module a function is imported from: false for a getter that returns a kept server. */
  private importedCreatesServer(name: string): boolean | undefined {
    if (!this.readImport) return undefined;
    let specifier: string | undefined;
    let imported: string | undefined;
    this.root.find(this.j.ImportDeclaration).forEach((path: AnyPath) => {
      for (const spec of path.node.specifiers ?? []) {
        if (spec.local?.name !== name) continue;
        specifier = String(path.node.source.value);
        imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportSpecifier' ? spec.imported.name : undefined;
      }
    });
    if (!specifier || !imported) return undefined;
    const text = this.readImport(specifier);
    if (text === undefined || !mentionsSdkServer(text)) return undefined;
    let other: Collection;
    try {
      other = this.j(text);
    } catch {
      return undefined;
    }
    const program = other.find(this.j.Program).get().node;
    const moduleNames = new Set<string>();
    let fn: AnyNode | undefined;
    for (const statement of program.body as AnyNode[]) {
      const exported = statement.type === 'ExportNamedDeclaration' && statement.declaration;
      const node = exported ? statement.declaration : statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
      if (node?.type === 'VariableDeclaration') {
        for (const declarator of node.declarations) {
          if (declarator.id.type !== 'Identifier') continue;
          moduleNames.add(declarator.id.name);
          const init = unwrap(declarator.init);
          if (exported && declarator.id.name === imported && (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) fn = init;
        }
      }
      if (node?.type === 'FunctionDeclaration' && ((exported && node.id?.name === imported) || (statement.type === 'ExportDefaultDeclaration' && imported === 'default'))) fn = node;
    }
    if (!fn) return undefined;
    const returns: AnyNode[] = [];
    this.j(fn.body).find(this.j.ReturnStatement).forEach((path: AnyPath) => {
      if (enclosingFunction(path)?.node === fn || (enclosingFunction(path) === null && fn.body.type === 'BlockStatement')) returns.push(unwrap(path.node.argument));
    });
    // `return mcpServer` where mcpServer lives at module level: one server for every caller.
    if (returns.some((value) => value?.type === 'Identifier' && moduleNames.has(value.name))) return false;
    const otherBindings = findSdkBindings(this.j, other);
    const constructs = this.j(fn.body).find(this.j.NewExpression).some((path: AnyPath) => SERVER_CLASSES.includes(classOfNew(otherBindings, path.node) as SdkClass));
    return constructs ? true : undefined;
  }

  private constructsServer(fn: AnyNode): boolean {
    let found = false;
    const visit = (node: AnyNode): void => {
      if (found || !node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node.type !== 'string') return;
      if (node.type === 'NewExpression' && SERVER_CLASSES.includes(classOfNew(this.bindings, node) as SdkClass)) found = true;
      // A call to another local factory counts as building one.
      if (node.type === 'CallExpression' && unwrap(node.callee)?.type === 'Identifier' && node.callee.name !== fn.id?.name && this.isServerFactory(node.callee.name)) found = true;
      for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'comments' && key !== 'original' && key !== 'tokens') visit(node[key]);
    };
    visit(fn.body);
    return found;
  }

  private classMethod(at: AnyPath, name: string | undefined): AnyNode | undefined {
    if (!name) return undefined;
    let current: AnyPath | null = at;
    while (current && current.node.type !== 'ClassBody') current = current.parent as AnyPath | null;
    const member = current?.node.body.find((item: AnyNode) => (item.type === 'ClassMethod' || item.type === 'MethodDefinition') && (item.key?.name ?? item.key?.value) === name);
    return member?.type === 'MethodDefinition' ? member.value : member;
  }

  /** `export const transport = new StreamableHTTPServerTransport(...)` at module level: every importer shares it. */
  private markExportedTransports(): void {
    const unsafe: Unsafe[] = [];
    const program = this.root.find(this.j.Program).get().node;
    const exportedNames = new Set<string>();
    for (const statement of program.body as AnyNode[]) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.declaration) {
        for (const specifier of statement.specifiers ?? []) if (specifier.local?.name) exportedNames.add(specifier.local.name);
      }
      if (statement.type === 'ExportDefaultDeclaration' && statement.declaration?.type === 'Identifier') exportedNames.add(statement.declaration.name);
    }
    this.root.find(this.j.VariableDeclarator).forEach((path: AnyPath) => {
      const cls = classOfNew(this.bindings, path.node.init);
      if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls) || enclosingFunction(path) || path.node.id.type !== 'Identifier') return;
      const statement = statementOf(path);
      const exported = statement?.node.type === 'ExportNamedDeclaration' || exportedNames.has(path.node.id.name);
      if (!exported) return;
      const stateless = isStatelessOptions(unwrap(path.node.init).arguments[0]);
      unsafe.push({
        path,
        rule: stateless ? RULES.sharedStatelessTransport : RULES.statefulSingletonTransport,
        reason: stateless
          ? `\`${path.node.id.name}\` is one stateless transport exported for the whole process, so concurrent requests share it; create a transport (and a server) per request instead`
          : `\`${path.node.id.name}\` is one stateful transport exported for the whole process, so only one session can ever initialise; keep a transport per session instead`,
      });
    });
    if (unsafe.length > 0) this.markUnsafe(unsafe);
  }

  // ---------------------------------------------------------------- analysis

  private referencesTo(name: string, declarator: AnyPath): AnyPath[] {
    const scope = declarator.scope?.lookup(name);
    return this.root
      .find(this.j.Identifier, { name })
      .filter((path: AnyPath) => path.node !== declarator.node.id && isReference(path) && path.scope?.lookup(name) === scope)
      .paths();
  }

  private isolateServer(declarator: AnyPath): void {
    const j = this.j;
    const name: string = declarator.node.id.name;
    const declaration = declarator.parent as AnyPath;
    const statement = statementOf(declarator);
    if (!statement) return;
    const owner = enclosingFunction(declarator);
    const refs = this.referencesTo(name, declarator);
    const list = listOf(statement);

    const connects: Connect[] = [];
    const configAnchors = new Set<AnyPath>();
    const helpers = new Map<string, AnyPath>();
    const others: AnyPath[] = [];
    const unsafe: Unsafe[] = [];

    for (const ref of refs) {
      const member = ref.parent as AnyPath;
      const call = member?.parent as AnyPath;
      if (memberName(member?.node) === 'connect' && member.node.object === ref.node && call?.node.type === 'CallExpression' && call.node.callee === member.node) {
        connects.push({ ref, call, ...this.classifyConnect(call, owner) });
        continue;
      }
      const anchor = ancestorIn(ref, list);
      if (anchor && anchor !== statement && this.isConfigAnchor(anchor.node, name)) {
        configAnchors.add(anchor);
        continue;
      }
      // const tool = (name, ...) => server.registerTool(name, ...): set-up helpers closed over the server.
      const helper = anchor && anchor !== statement ? helperDeclared(anchor.node) : undefined;
      if (anchor && helper && !connects.some((connect) => contains(anchor, connect.call))) {
        helpers.set(helper, anchor);
        configAnchors.add(anchor);
        continue;
      }
      others.push(ref);
    }
    if (helpers.size > 0) {
      for (const [index, node] of list.entries()) {
        if (node !== statement.node && this.callsHelper(node, helpers)) configAnchors.add((statement.parentPath as AnyPath).get(index) as AnyPath);
      }
      const anchored = [...configAnchors];
      for (const helperName of helpers.keys()) {
        for (const use of this.root.find(j.Identifier, { name: helperName }).paths()) {
          if (!isReference(use) || anchored.some((anchor) => contains(anchor, use))) continue;
          if (use.scope?.lookup(helperName) !== (helpers.get(helperName) as AnyPath).scope) continue;
          unsafe.push({ path: use, rule: RULES.serverUsedOutsideRequest, reason: `\`${helperName}\` uses the shared server \`${name}\` and is called outside its set-up; call it with a per-connection server by hand` });
        }
      }
    }

    const vulnerable = connects.some(
      (connect) =>
        connect.kind === 'shared-stateless' ||
        connect.kind === 'shared-stateful' ||
        (connect.kind === 'per-connection' && enclosingFunction(connect.call)?.node !== owner?.node),
    );
    if (!vulnerable) return;
    if (hasComment(statement.node, IGNORE_DIRECTIVE) || hasComment(declaration.node, IGNORE_DIRECTIVE)) return;

    // Blockers that apply to the declaration itself.
    if (statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1) {
      const exported = statement.node.type === 'ExportNamedDeclaration' || statement.node.type === 'ExportDefaultDeclaration';
      unsafe.push({
        path: statement,
        rule: RULES.unsupportedShape,
        reason: exported
          ? `the shared server \`${name}\` is exported, so other modules may use it; give each request its own server`
          : `the shared server \`${name}\` is declared together with other variables; move it into a builder by hand`,
      });
    }
    for (const anchor of configAnchors) {
      if (hasOwnAwait(anchor.node)) {
        unsafe.push({ path: anchor, rule: RULES.unsupportedShape, reason: `this set-up of \`${name}\` awaits, so it cannot move into a synchronous builder` });
      }
    }

    // Where each new server comes from: an existing factory called directly when
    // nothing else configures the instance, otherwise a new builder around it all.
    const insertions: Insertion[] = [];
    const removals: AnyPath[] = [];
    const bindReplacements: Array<{ path: AnyPath; transport: SharedTransport }> = [];
    const factoryCall = this.isFactoryCall(declarator.node.init) && configAnchors.size === 0 ? this.text(declarator.node.init) : undefined;
    const builderName = factoryCall ? '' : this.freeName(BUILDER_NAMES);
    const create = factoryCall ?? `${builderName}()`;
    const unwraps: ConnectGuard[] = [];
    const streamRewrites: OverwrittenStream[] = [];
    const sessionHelpers: Array<{ transport: SharedTransport; statements: () => AnyNode[]; closes: AnyPath[]; mapName: string }> = [];
    const flagNames = new Set<string>();
    const transports = new Set<SharedTransport>();
    const thenUnwraps: Array<{ statement: AnyPath; callback: AnyNode }> = [];
    const oncloseMoves: Array<() => void> = [];

    for (const connect of connects) {
      if (connect.kind === 'shared-stateful' && connect.transport && !this.sessionHelperPossible(connect.transport)) {
        unsafe.push({
          path: connect.call,
          rule: RULES.statefulSingletonTransport,
          reason: `\`${connect.transport?.name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map`,
        });
        continue;
      }
      if ((connect.kind === 'shared-stateless' || connect.kind === 'shared-stateful') && connect.transport) {
        transports.add(connect.transport);
        const guard = connectGuard(connect.call);
        if (guard) {
          // `if (!server.isConnected()) await server.connect(transport)` and friends go with the connect.
          removals.push(guard.guard);
          for (const flag of guard.flags) flagNames.add(flag);
          continue;
        }
        const startup = statementOf(connect.call);
        const shape = startup && this.startupConnectShape(startup.node, connect.call.node);
        if (!startup || !shape) {
          unsafe.push({ path: connect.call, rule: RULES.unsupportedShape, reason: `\`${name}.connect(${connect.transport.name})\` is used as a value; connect per request by hand` });
        } else if (shape === 'statement') removals.push(startup);
        else thenUnwraps.push({ statement: startup, callback: shape });
        continue;
      }
      // Every other connect gets its own server right before it; a connect-once guard
      // around it would skip the new server's connect, so it is unwrapped.
      const guard = connectGuard(connect.call);
      const unwrap = guard?.guard.node.type === 'IfStatement' ? guard : undefined;
      if (unwrap) {
        unwraps.push(unwrap);
        for (const flag of unwrap.flags) flagNames.add(flag);
      }
      this.planBuilderCall(connect.call, refs, name, create, insertions, unsafe, unwrap?.guard);
      // `let transport` that every new SSE stream overwrites: messages would still reach
      // the newest stream, so streams go in a map and messages find theirs.
      const stream = this.overwrittenStream(connect.call);
      if (stream === 'unsafe') {
        unsafe.push({ path: connect.call, rule: RULES.sharedServer, reason: `\`${unwrapNode(connect.call.node.arguments[0]).name}\` is one variable that every new stream overwrites, so messages reach the newest client; keep the streams in a map by session id` });
      } else if (stream) {
        streamRewrites.push(stream);
        this.planStreamLookups(stream, insertions, unsafe);
      }
      const move = this.oncloseAfterConnect(connect.call);
      if (move) oncloseMoves.push(move);
    }

    for (const transport of transports) {
      // A stateful transport's shutdown close() becomes: close every session's transport.
      const shutdown = !transport.stateless && transport.others.length > 0 && transport.others.every((other) => closeCallOf(other));
      if (transport.others.length > 0 && !shutdown) {
        for (const other of transport.others) {
          unsafe.push({ path: other, rule: RULES.sharedStatelessTransport, reason: describeTransportUse(other, transport.name) });
        }
        continue;
      }
      if (!transport.stateless) {
        // One stateful transport: only one session could ever initialise. A transport per
        // session, kept in a map and found by the session header, each with its own server.
        const helper = this.planSessions(transport, create, insertions, unsafe);
        if (helper) sessionHelpers.push({ transport, statements: helper.statements, closes: shutdown ? transport.others.map((other) => closeCallOf(other) as AnyPath) : [], mapName: helper.mapName });
        removals.push(...transport.config);
        continue;
      }
      for (const site of transport.sites) {
        if (memberName(site.node) === 'handleRequest' && (site.parent as AnyPath).node.type === 'MemberExpression') {
          bindReplacements.push({ path: (site.parent as AnyPath).parent as AnyPath, transport });
          continue;
        }
        const live = (path: AnyPath) => !removals.some((removed) => contains(removed, path));
        this.planRequestSetup(site, transport, refs.filter(live), name, create, insertions, unsafe);
      }
      removals.push(transport.statement, ...transport.config);
    }

    // Connect-once flags that only the removed guards used.
    for (const flag of flagNames) {
      const declaration = this.flagDeclaration(flag, [...removals, ...unwraps.map((guard) => guard.guard)]);
      if (declaration) removals.push(declaration);
    }

    // Whatever still refers to the old singleton is a use outside any request. Two
    // have a clear meaning: a shutdown `close()` (close every live server) and a
    // timer that talks to the server (one per server, cleared when it closes).
    const shutdownCloses: AnyPath[] = [];
    const timers = new Set<AnyPath>();
    // Per-server cleanup only means something when each server lives as long as a
    // session or stream, and ends: a stateless server nobody closes would pile up.
    const sessionLived = connects.every((connect) => connect.kind === 'stdio' || this.connectsSession(connect.call));
    const closedPerRequest = connects.every((connect) => connect.kind === 'stdio' || this.connectsSession(connect.call) || this.closedInHandler(connect.call)) ||
      (transports.size > 0 && [...transports].every((transport) => transport.cls === 'StreamableHTTPServerTransport'));
    for (const ref of others) {
      if (contains(statement, ref)) continue;
      if (unwraps.some((guard) => contains(guard.guard, ref) && !ancestorHas(ref, guard.connect))) continue;
      if (removals.some((removed) => contains(removed, ref)) || thenUnwraps.some((unwrapTarget) => contains(unwrapTarget.statement, ref) && !this.insideThenCallback(ref, unwrapTarget.callback))) continue;
      if (isCoveredBy(ref, insertions)) continue;
      const close = closeCallOf(ref);
      if (close && !factoryCall && closedPerRequest) {
        shutdownCloses.push(close);
        continue;
      }
      const timer = timerStatementOf(ref, list);
      if (timer && !factoryCall && sessionLived && transports.size === 0 && !hasOwnAwait(timer.node)) {
        timers.add(timer);
        continue;
      }
      unsafe.push({ path: ref, rule: RULES.serverUsedOutsideRequest, reason: describeServerUse(ref, name) });
    }
    const needsCloseHook = timers.size > 0 || shutdownCloses.length > 0;
    const liveServers = shutdownCloses.length > 0 ? this.freeName(['liveServers', 'liveMcpServers', 'openServers']) : '';
    const hookTarget = classOfNew(this.bindings, declarator.node.init) === 'McpServer' ? `${name}.server` : name;
    if (needsCloseHook) {
      const userHook = [...configAnchors].find((anchor) => isHookAssignment(anchor.node, name, 'onclose'));
      if (userHook) {
        unsafe.push({ path: userHook, rule: RULES.serverUsedOutsideRequest, reason: `\`onclose\` is set here, and the timers or shutdown code of \`${name}\` need it per server; move them by hand` });
      }
    }

    if (unsafe.length > 0) {
      this.markUnsafe(unsafe);
      const { line, column } = lineOf(declarator.node);
      this.findings.push({
        rule: RULES.sharedServer,
        line,
        column,
        status: 'review',
        message: `\`${name}\` is one server shared by every connection; not rewritten because of the marked uses`,
      });
      return;
    }

    // ---------------------------------------------------------------- rewrite
    if (factoryCall) {
      list.splice(list.indexOf(statement.node), 1);
    } else {
      const anchors = [...configAnchors].sort((a, b) => list.indexOf(a.node) - list.indexOf(b.node));
      const tail: string[] = [];
      const cleanups: string[] = [];
      const timerNodes: AnyNode[] = [];
      for (const timer of [...timers].sort((a, b) => list.indexOf(a.node) - list.indexOf(b.node))) {
        const handle = this.freeName([`${name}Timer`, `${name}Interval`]);
        this.usedNames.add(handle);
        const call = unwrap(timer.node.expression);
        const declaration = this.parseStatements(`const ${handle} = 0${this.semi}`)[0];
        declaration.declarations[0].init = call;
        // The snippet's positions describe other text; printed from scratch, around the original call.
        declaration.loc = null;
        declaration.declarations[0].loc = null;
        declaration.comments = timer.node.comments;
        timerNodes.push(declaration);
        cleanups.push(`${call.callee.name === 'setInterval' ? 'clearInterval' : 'clearTimeout'}(${handle})${this.semi}`);
        list.splice(list.indexOf(timer.node), 1);
      }
      if (shutdownCloses.length > 0) {
        tail.push(`${liveServers}.add(${name})${this.semi}`);
        cleanups.push(`${liveServers}.delete(${name})${this.semi}`);
      }
      if (cleanups.length > 0) {
        tail.push(`${hookTarget}.onclose = () => {`, ...cleanups.map((line) => `${this.indent}${line}`), `}${this.semi}`);
      }
      const body = [
        statement.node,
        ...anchors.map((anchor) => anchor.node),
        ...timerNodes,
        ...(tail.length > 0 ? this.parseStatements(tail.join('\n')) : []),
        ...this.parseStatements(`return ${name}${this.semi}`),
      ];
      const builder = j.functionDeclaration(j.identifier(builderName), [], j.blockStatement(body));
      // The builder takes the place of the last registration, so the module's shared
      // state declared between them stays where it was (function declarations hoist).
      const place = anchors.length > 0 ? (anchors[anchors.length - 1] as AnyPath).node : statement.node;
      list.splice(list.indexOf(place), 1, builder);
      for (const moved of [statement, ...anchors]) {
        if (moved.node !== place) list.splice(list.indexOf(moved.node), 1);
      }
      if (liveServers) {
        const type = this.typescript ? `<${this.text(unwrap(declarator.node.init).callee)}>` : '';
        list.splice(list.indexOf(builder), 0, ...this.parseStatements(`const ${liveServers} = new Set${type}()${this.semi}`));
        this.usedNames.add(liveServers);
        for (const close of shutdownCloses) {
          close.replace(this.parseStatements(`Promise.all([...${liveServers}].map((live) => live.close()))${this.semi}`)[0].expression);
        }
      }
    }
    for (const { transport, statements, closes, mapName } of sessionHelpers) {
      const target = listOf(transport.statement);
      target.splice(target.indexOf(transport.statement.node), 1, ...statements());
      for (const close of closes) {
        close.replace(this.parseStatements(`Promise.all([...${mapName}.values()].map((session) => session.close()))${this.semi}`)[0].expression);
      }
    }
    for (const stream of streamRewrites) this.applyStreamMap(stream);
    for (const guard of unwraps) {
      const target = listOf(guard.guard);
      target.splice(target.indexOf(guard.guard.node), 1, guard.connect);
      for (const insertion of insertions) if (insertion.before === guard.guard.node) insertion.before = guard.connect;
    }

    for (const { statement: connectStatement, callback } of thenUnwraps) {
      const target = listOf(connectStatement);
      const replacement = callback.body.type === 'BlockStatement' ? callback.body.body : [this.statementOf(callback.body)];
      target.splice(target.indexOf(connectStatement.node), 1, ...replacement);
    }
    for (const removed of removals) {
      const target = listOf(removed);
      const index = target.indexOf(removed.node);
      if (index >= 0) target.splice(index, 1);
    }
    for (const move of oncloseMoves) move();
    for (const insertion of insertions) {
      insertion.list.splice(insertion.list.indexOf(insertion.before), 0, ...insertion.statements());
    }
    for (const { path, transport } of bindReplacements) {
      path.replace(this.requestHandlerArrow(transport, name, create));
    }
    for (const fn of this.asyncTargets) fn.async = true;

    const { line, column } = lineOf(declarator.node);
    this.findings.push({
      rule: RULES.sharedServer,
      line,
      column,
      status: 'fixed',
      message: `\`${name}\` was one server shared by every connection; it is now built by \`${create.replace(/^await /, '')}\` for each request or session`,
    });
    for (const transport of transports) {
      const at = lineOf(transport.declarator.node);
      this.findings.push(
        transport.stateless
          ? { rule: RULES.sharedStatelessTransport, ...at, status: 'fixed', message: `\`${transport.name}\` was one stateless transport shared by every request; each request now gets its own` }
          : { rule: RULES.statefulSingletonTransport, ...at, status: 'fixed', message: `\`${transport.name}\` was one stateful transport for the whole process; each session now gets its own transport and server` },
      );
    }
    if (builderName) this.usedNames.add(builderName);
    this.changed = true;
  }

  private readonly asyncTargets = new Set<AnyNode>();

  /** A plain options object we can extend with `onsessioninitialized`. */
  private sessionHelperPossible(transport: SharedTransport): boolean {
    const options = transport.newNode.arguments[0];
    if (options?.type !== 'ObjectExpression') return false;
    return options.properties.every(
      (prop: AnyNode) =>
        (prop.type === 'ObjectProperty' || prop.type === 'Property' || prop.type === 'ObjectMethod') &&
        !prop.computed &&
        !['onsessioninitialized', 'onsessionclosed'].includes(prop.key?.name ?? prop.key?.value),
    );
  }

  /** Plans `const transport = await transportFor(<session header>)` before each site; returns the helper's statements. */
  private planSessions(
    transport: SharedTransport,
    create: string,
    insertions: Insertion[],
    unsafe: Unsafe[],
  ): { statements: () => AnyNode[]; mapName: string } | undefined {
    const name = transport.name;
    const mapName = this.freeName([`${name}s`, 'sessionTransports', 'transportsBySession']);
    const helperName = this.freeName([`${name}For`, 'transportForSession']);
    this.usedNames.add(mapName);
    this.usedNames.add(helperName);
    let planned = 0;
    const own: Insertion[] = [];
    for (const site of transport.sites) {
      const statement = statementOf(site);
      const fn = enclosingFunction(site);
      const first = site.node.type === 'CallExpression' ? site.node.arguments[0] : undefined;
      if (!statement || !fn || !contains(fn, statement) || !first || first.type === 'SpreadElement') {
        unsafe.push({ path: site, rule: RULES.statefulSingletonTransport, reason: `\`${name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map` });
        continue;
      }
      const header = this.sessionHeader(transport.cls, this.text(first));
      const list = listOf(statement);
      // Two sites in one block share the transport looked up before the first.
      if (isCoveredBy(site, own)) continue;
      own.push({ list, before: statement.node, statements: () => [] });
      insertions.push({ list, before: statement.node, statements: () => this.parseStatements(`const ${name} = await ${helperName}(${header})${this.semi}`) });
      if (!fn.node.async) this.asyncTargets.add(fn.node);
      planned++;
    }
    if (planned === 0) return undefined;
    const statements = () => {
      const semi = this.semi;
      const q = this.quote;
      const i = this.indent;
      const serverName = 'server';
      const local = this.freeName(['server', 'mcpServer', 'sessionServer']);
      void serverName;
      const cls = this.text(transport.newNode.callee);
      const mapType = this.typescript ? `<string, ${cls}>` : '';
      const param = this.typescript ? 'sessionId: string | undefined' : 'sessionId';
      const code = [
        `const ${mapName} = new Map${mapType}()${semi}`,
        ``,
        `/** The session's own transport, or a new transport and server for a client that is initialising. */`,
        `async function ${helperName}(${param}) {`,
        `${i}const existing = sessionId ? ${mapName}.get(sessionId) : undefined${semi}`,
        `${i}if (existing) return existing${semi}`,
        `${i}const ${name} = new ${cls}(OPTIONS)${semi}`,
        `${i}${name}.onclose = () => {`,
        `${i}${i}if (${name}.sessionId) ${mapName}.delete(${name}.sessionId)${semi}`,
        `${i}}${semi}`,
        `${i}const ${local} = ${create}${semi}`,
        `${i}await ${local}.connect(${name})${semi}`,
        `${i}return ${name}${semi}`,
        `}`,
      ].join('\n');
      void q;
      const statements = this.parseStatements(code);
      const helper = statements[1];
      const creation = helper.body.body[2];
      const original = transport.newNode.arguments[0];
      const added = this.parseStatements(`({ onsessioninitialized: (id${this.typescript ? ': string' : ''}) => { ${mapName}.set(id, ${name})${semi} } })${semi}`)[0].expression.properties[0];
      const options = this.j.objectExpression([...original.properties, added]);
      creation.declarations[0].init.arguments = [options];
      creation.loc = null;
      creation.declarations[0].loc = null;
      creation.declarations[0].init.loc = null;
      return statements;
    };
    return { statements, mapName };
  }

  private sessionHeader(cls: SdkClass, first: string): string {
    const q = this.quote;
    if (cls === 'StreamableHTTPTransport') return `${first}.req.header(${q}mcp-session-id${q})`;
    if (cls === 'WebStandardStreamableHTTPServerTransport') return `${first}.headers.get(${q}mcp-session-id${q}) ?? undefined`;
    return `${first}.headers[${q}mcp-session-id${q}]${this.typescript ? ' as string | undefined' : ''}`;
  }

  private readonly transportCache = new Map<AnyNode, SharedTransport | null>();

  private classifyConnect(call: AnyPath, serverOwner: AnyPath | null): { kind: ConnectKind; transport?: SharedTransport } {
    const arg = unwrap(call.node.arguments[0]);
    if (!arg) return { kind: 'unknown' };
    if (arg.type === 'NewExpression') return { kind: kindOfClass(classOfNew(this.bindings, arg)) };
    if (arg.type !== 'Identifier') return { kind: 'unknown' };
    const scope = call.scope?.lookup(arg.name);
    if (!scope) return { kind: 'unknown' };
    const classes = new Set<SdkClass | undefined>();
    let declarator: AnyPath | undefined;
    this.root.find(this.j.VariableDeclarator, { id: { type: 'Identifier', name: arg.name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) !== scope) return;
      declarator = path;
      if (path.node.init) classes.add(classOfNew(this.bindings, path.node.init));
    });
    this.root.find(this.j.AssignmentExpression, { left: { type: 'Identifier', name: arg.name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) === scope) classes.add(classOfNew(this.bindings, path.node.right));
    });
    const known = [...classes].filter((cls): cls is SdkClass => Boolean(cls));
    if (known.length === 0) return { kind: 'unknown' };
    if (known.every((cls) => cls === 'StdioServerTransport')) return { kind: 'stdio' };
    if (declarator && classes.size === 1) {
      const shared = this.sharedTransport(declarator, serverOwner);
      if (shared) return { kind: shared.stateless ? 'shared-stateless' : 'shared-stateful', transport: shared };
    }
    return { kind: 'per-connection' };
  }

  /** A streamable HTTP transport created once and handed requests from nested handlers. */
  private sharedTransport(declarator: AnyPath, _serverOwner: AnyPath | null): SharedTransport | null {
    if (this.transportCache.has(declarator.node)) return this.transportCache.get(declarator.node) ?? null;
    const result = this.analyseTransport(declarator);
    this.transportCache.set(declarator.node, result);
    return result;
  }

  private analyseTransport(declarator: AnyPath): SharedTransport | null {
    const cls = classOfNew(this.bindings, declarator.node.init);
    if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls)) return null;
    const statement = statementOf(declarator);
    if (!statement || statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1) return null;
    const name: string = declarator.node.id.name;
    const owner = enclosingFunction(declarator);
    const list = listOf(statement);
    const transport: SharedTransport = {
      name,
      declarator,
      statement,
      newNode: unwrap(declarator.node.init),
      cls,
      stateless: isStatelessOptions(unwrap(declarator.node.init).arguments[0]),
      sites: [],
      config: [],
      others: [],
    };
    for (const ref of this.referencesTo(name, declarator)) {
      const member = ref.parent as AnyPath;
      const method = member.node.object === ref.node ? memberName(member.node) : undefined;
      const call = member.parent as AnyPath;
      if (method === 'handleRequest') {
        const isCall = call.node.type === 'CallExpression' && call.node.callee === member.node;
        const isBind = memberName(call.node) === 'bind' && (call.parent as AnyPath).node.type === 'CallExpression';
        // A bound handleRequest is one handler for every request, wherever it is bound.
        if (isBind || (isCall && enclosingFunction(ref)?.node !== owner?.node)) {
          transport.sites.push(isCall ? call : member);
          continue;
        }
      }
      // `transport.handleRequest.bind(transport)`: the argument is part of the site.
      if ((ref.parent as AnyPath).node.type === 'CallExpression' && memberName((ref.parent as AnyPath).node.callee) === 'bind') continue;
      if (method === 'connect') continue;
      if ((ref.parent as AnyPath).node.type === 'CallExpression' && memberName((ref.parent as AnyPath).node.callee) === 'connect') continue;
      const anchor = ancestorIn(ref, list);
      if (anchor && anchor !== statement && HOOKS.has(method ?? '') && isHookAssignment(anchor.node, name)) {
        transport.config.push(anchor);
        continue;
      }
      transport.others.push(ref);
    }
    return transport.sites.length > 0 ? transport : null;
  }

  /** `createServer(...)`: a call to a function of this file that returns a new SDK server each time. */
  private isFactoryCall(init: AnyNode): boolean {
    const call = unwrap(init);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false;
    return this.isServerFactory(call.callee.name);
  }

  isServerFactory(name: string): boolean {
    const fn = this.localFunction(name);
    if (!fn) return false;
    const body = fn.body;
    if (body.type !== 'BlockStatement') return classOfNew(this.bindings, unwrap(body)) !== undefined && SERVER_CLASSES.includes(classOfNew(this.bindings, unwrap(body)) as SdkClass);
    const returns: AnyNode[] = [];
    const created = new Set<string>();
    const visit = (node: AnyNode): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node.type !== 'string') return;
      if (node !== fn && /Function|Method/.test(node.type)) return;
      if (node.type === 'ReturnStatement') returns.push(unwrap(node.argument));
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && SERVER_CLASSES.includes(classOfNew(this.bindings, node.init) as SdkClass)) created.add(node.id.name);
      for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'comments' && key !== 'original' && key !== 'tokens') visit(node[key]);
    };
    visit(body);
    return (
      returns.length > 0 &&
      returns.every(
        (value) =>
          (value?.type === 'Identifier' && created.has(value.name)) || SERVER_CLASSES.includes(classOfNew(this.bindings, value) as SdkClass),
      )
    );
  }

  /** A function declared at module level under `name` (declaration, or const arrow/function). */
  private localFunction(name: string): AnyNode | undefined {
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

  /** The declaration of a connect-once flag, when every other use of it is inside the removed guards. */
  private flagDeclaration(flag: string, guards: AnyPath[]): AnyPath | undefined {
    let found: AnyPath | undefined;
    this.root.find(this.j.VariableDeclarator, { id: { type: 'Identifier', name: flag } }).forEach((path: AnyPath) => {
      const statement = statementOf(path);
      if (!statement || statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1) return;
      const init = unwrap(path.node.init);
      if (init && !((init.type === 'BooleanLiteral' || init.type === 'Literal') && init.value === false)) return;
      const refs = this.referencesTo(flag, path);
      if (refs.length > 0 && refs.every((ref) => guards.some((guard) => contains(guard, ref)))) found = statement;
    });
    return found;
  }

  private overwrittenStream(call: AnyPath): OverwrittenStream | 'unsafe' | undefined {
    const arg = unwrap(call.node.arguments[0]);
    if (arg?.type !== 'Identifier') return undefined;
    const scope = call.scope?.lookup(arg.name);
    const binding = (scope?.getBindings()[arg.name] as AnyPath[] | undefined)?.[0];
    const declarator = binding?.parent as AnyPath | undefined;
    if (declarator?.node.type !== 'VariableDeclarator' || declarator.node.id !== binding?.node) return undefined;
    const handler = enclosingFunction(call);
    if (!handler || enclosingFunction(declarator)?.node === handler.node) return undefined;
    const declaration = statementOf(declarator);
    const assignments: AnyPath[] = [];
    const posts: AnyPath[] = [];
    let other = false;
    for (const ref of this.referencesTo(arg.name, declarator)) {
      const parent = (ref.parent as AnyPath).node;
      if (parent.type === 'AssignmentExpression' && parent.left === ref.node) {
        assignments.push(ref.parent as AnyPath);
        continue;
      }
      if (parent === call.node) continue;
      const call2 = (ref.parent as AnyPath).parent as AnyPath;
      if (memberName(parent) === 'handlePostMessage' && call2?.node.type === 'CallExpression' && call2.node.callee === parent) {
        posts.push(call2);
        continue;
      }
      // `transport.sessionId` and the like read the newest stream: not safe to guess.
      other = true;
    }
    const assignment = assignments[0];
    if (assignments.length !== 1 || !assignment || enclosingFunction(assignment)?.node !== handler.node) return undefined;
    if (classOfNew(this.bindings, assignment.node.right) !== 'SSEServerTransport') return undefined;
    if (other || !declaration || declaration.node.type !== 'VariableDeclaration' || declaration.node.declarations.length !== 1 || declarator.node.init) return 'unsafe';
    const statement = (assignment.parent as AnyPath).node.type === 'ExpressionStatement' ? (assignment.parent as AnyPath) : undefined;
    if (!statement || unwrap(assignment.node.right).arguments.length < 2) return 'unsafe';
    const mapName = this.freeName([`${arg.name}s`, 'streams', 'sseTransports']);
    this.usedNames.add(mapName);
    return { name: arg.name, mapName, declaration, assignment: statement, newNode: unwrap(assignment.node.right), posts };
  }

  /** Before each `transport.handlePostMessage(req, res)`: find the stream of the message's session. */
  private planStreamLookups(stream: OverwrittenStream, insertions: Insertion[], unsafe: Unsafe[]): void {
    for (const post of stream.posts) {
      const statement = statementOf(post);
      const fn = enclosingFunction(post);
      const [req, res] = post.node.arguments;
      if (!statement || !fn || !contains(fn, statement) || !req || !res) {
        unsafe.push({ path: post, rule: RULES.sharedServer, reason: `messages for \`${stream.name}\` cannot be routed to their stream here; look the stream up by session id by hand` });
        continue;
      }
      const q = this.quote;
      const semi = this.semi;
      const lines = [
        `const ${stream.name} = ${stream.mapName}.get(new URL(String(${this.text(req)}.url), ${q}http://localhost${q}).searchParams.get(${q}sessionId${q}) ?? ${q}${q})${semi}`,
        `if (!${stream.name}) {`,
        `${this.indent}${this.text(res)}.writeHead(404).end(${q}Unknown session${q})${semi}`,
        `${this.indent}return${semi}`,
        `}`,
      ];
      insertions.push({ list: listOf(statement), before: statement.node, statements: () => this.parseStatements(lines.join('\n')) });
    }
  }

  private applyStreamMap(stream: OverwrittenStream): void {
    const semi = this.semi;
    const type = this.typescript ? `<string, ${this.text(stream.newNode.callee)}>` : '';
    const declarations = listOf(stream.declaration);
    const map = this.parseStatements(`const ${stream.mapName} = new Map${type}()${semi}`)[0];
    map.comments = stream.declaration.node.comments;
    declarations.splice(declarations.indexOf(stream.declaration.node), 1, map);
    const res = this.text(stream.newNode.arguments[1]);
    const q = this.quote;
    const created = this.parseStatements(
      [
        `const ${stream.name} = 0${semi}`,
        `${stream.mapName}.set(${stream.name}.sessionId, ${stream.name})${semi}`,
        `${res}.on(${q}close${q}, () => ${stream.mapName}.delete(${stream.name}.sessionId))${semi}`,
      ].join('\n'),
    );
    created[0].declarations[0].init = stream.newNode;
    created[0].loc = null;
    created[0].declarations[0].loc = null;
    created[0].comments = stream.assignment.node.comments;
    const list = listOf(stream.assignment);
    list.splice(list.indexOf(stream.assignment.node), 1, ...created);
  }

  /** Is the transport given to this connect an SSE stream or a stateful (session) transport? */
  private connectsSession(call: AnyPath): boolean {
    const arg = unwrap(call.node.arguments[0]);
    const created = arg?.type === 'NewExpression' ? arg : arg?.type === 'Identifier' ? this.creationOf(call, arg.name) : undefined;
    const cls = created && classOfNew(this.bindings, created);
    if (cls === 'SSEServerTransport') return true;
    return Boolean(cls && HTTP_TRANSPORT_CLASSES.includes(cls) && !isStatelessOptions(created.arguments[0]));
  }

  /** Does the function that connects also close the transport or server (say on `res.on('close')`)? */
  private closedInHandler(call: AnyPath): boolean {
    const fn = enclosingFunction(call);
    const arg = unwrap(call.node.arguments[0]);
    if (!fn || arg?.type !== 'Identifier') return false;
    return this.j(fn.node)
      .find(this.j.CallExpression)
      .some((path: AnyPath) => memberName(path.node.callee) === 'close' && unwrap(path.node.callee.object)?.type === 'Identifier' && unwrap(path.node.callee.object).name === arg.name);
  }

  private creationOf(at: AnyPath, name: string): AnyNode | undefined {
    const scope = at.scope?.lookup(name);
    let found: AnyNode | undefined;
    this.root.find(this.j.VariableDeclarator, { id: { type: 'Identifier', name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(name) === scope && classOfNew(this.bindings, path.node.init)) found = unwrap(path.node.init);
    });
    this.root.find(this.j.AssignmentExpression, { left: { type: 'Identifier', name } }).forEach((path: AnyPath) => {
      if (path.scope?.lookup(name) === scope && classOfNew(this.bindings, path.node.right)) found = unwrap(path.node.right);
    });
    return found;
  }

  /** `helper(...)` statements (also inside blocks, loops and ifs) for set-up helpers closed over the server. */
  private callsHelper(node: AnyNode, helpers: Map<string, AnyPath>): boolean {
    switch (node?.type) {
      case 'ExpressionStatement': {
        const call = unwrap(node.expression);
        return call?.type === 'CallExpression' && call.callee.type === 'Identifier' && helpers.has(call.callee.name) && node.expression.type !== 'AwaitExpression';
      }
      case 'BlockStatement':
        return node.body.length > 0 && node.body.every((child: AnyNode) => this.callsHelper(child, helpers));
      case 'ForOfStatement':
      case 'ForStatement':
        return this.callsHelper(node.body, helpers);
      case 'IfStatement':
        return this.callsHelper(node.consequent, helpers) && (!node.alternate || this.callsHelper(node.alternate, helpers));
      default:
        return false;
    }
  }

  /** A statement at the server's level that only configures it. */
  private isConfigAnchor(node: AnyNode, name: string): boolean {
    switch (node.type) {
      case 'ExpressionStatement':
        return this.isConfigExpression(node.expression, name);
      case 'BlockStatement':
        return node.body.length > 0 && node.body.every((child: AnyNode) => this.isConfigAnchor(child, name));
      case 'ForStatement':
      case 'ForOfStatement':
      case 'ForInStatement':
        return !mentions(node.type === 'ForStatement' ? [node.init, node.test, node.update] : node.right, name) && this.isConfigAnchor(node.body, name);
      case 'IfStatement':
        return (
          !mentions(node.test, name) &&
          this.isConfigAnchor(node.consequent, name) &&
          (!node.alternate || this.isConfigAnchor(node.alternate, name))
        );
      default:
        return false;
    }
  }

  private isConfigExpression(expression: AnyNode, name: string): boolean {
    const node = unwrap(expression);
    if (!node) return false;
    if (node.type === 'AssignmentExpression') return isHookAssignment({ type: 'ExpressionStatement', expression: node }, name);
    if (node.type !== 'CallExpression') return false;
    const callee = node.callee;
    const method = memberName(callee);
    if (method && isServerChain(callee.object, name)) return CONFIG_METHODS.has(method);
    // registerTools(server, deps): a helper that takes the server.
    return node.arguments.some((arg: AnyNode) => arg.type === 'Identifier' && arg.name === name) && !mentions(callee, name);
  }

  /** The start-up `connect` to a shared transport: a plain statement, or `.then(cb)` whose callback we keep. */
  private startupConnectShape(statement: AnyNode, connectCall: AnyNode): 'statement' | AnyNode | undefined {
    if (statement.type !== 'ExpressionStatement') return undefined;
    const expression = unwrap(statement.expression);
    if (expression === connectCall) return 'statement';
    if (expression?.type === 'CallExpression' && memberName(expression.callee) === 'then' && unwrap(expression.callee.object) === connectCall) {
      const callback = expression.arguments[0];
      if (expression.arguments.length === 1 && callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') && callback.params.length === 0 && !callback.async) {
        return callback;
      }
    }
    return undefined;
  }

  private insideThenCallback(ref: AnyPath, callback: AnyNode): boolean {
    let current: AnyPath | null = ref;
    while (current) {
      if (current.node === callback) return true;
      current = current.parent as AnyPath | null;
    }
    return false;
  }

  // ---------------------------------------------------------------- planning

  /** `const server = createMcpServer();` before the first statement of the connect's block that uses the server. */
  private planBuilderCall(call: AnyPath, refs: AnyPath[], name: string, create: string, insertions: Insertion[], unsafe: Unsafe[], anchor?: AnyPath): void {
    if (isCoveredBy(call, insertions)) return;
    const statement = anchor ?? statementOf(call);
    if (!statement || !sameFunction(statement, call)) {
      unsafe.push({ path: call, rule: RULES.unsupportedShape, reason: `\`${name}.connect(...)\` is not in a statement block; create the server per connection by hand` });
      return;
    }
    const list = listOf(statement);
    const before = firstUser(list, statement.node, refs);
    insertions.push({ list, before, statements: () => this.parseStatements(`const ${name} = ${create}${this.semi}`) });
    const fn = enclosingFunction(statement);
    if (create.startsWith('await ') && fn && !fn.node.async) this.asyncTargets.add(fn.node);
  }

  /** A transport's onclose assigned after connect replaces the server's wrapper; it must be assigned before. */
  private oncloseAfterConnect(call: AnyPath): (() => void) | undefined {
    const arg = call.node.arguments[0];
    const statement = statementOf(call);
    if (!statement || arg?.type !== 'Identifier') return undefined;
    const list = listOf(statement);
    const candidate = list.slice(list.indexOf(statement.node) + 1).find((node) => isHookAssignment(node, arg.name, 'onclose'));
    if (!candidate) return undefined;
    return () => {
      list.splice(list.indexOf(candidate), 1);
      list.splice(list.indexOf(statement.node), 0, candidate);
    };
  }

  /** Per-request server + transport in front of `transport.handleRequest(...)`. */
  private planRequestSetup(site: AnyPath, transport: SharedTransport, refs: AnyPath[], serverName: string, create: string, insertions: Insertion[], unsafe: Unsafe[]): void {
    const statement = statementOf(site);
    const fn = enclosingFunction(site);
    if (!statement || !fn || !contains(fn, statement)) {
      const handler = fn?.node;
      if (handler?.type === 'ArrowFunctionExpression' && handler.body === unwrap(site.node) || handler?.type === 'ArrowFunctionExpression' && unwrap(handler.body) === site.node) {
        // (req, res) => transport.handleRequest(req, res): give the arrow a block body.
        const j = this.j;
        const returned = this.parseStatements(`return 0${this.semi}`)[0];
        returned.argument = handler.body;
        handler.body = j.blockStatement([returned]);
        const block = handler.body.body as AnyNode[];
        insertions.push({ list: block, before: block[0], statements: () => this.requestSetup(site.node, transport, serverName, create) });
        this.asyncTargets.add(handler);
        return;
      }
      unsafe.push({ path: site, rule: RULES.sharedStatelessTransport, reason: `\`${transport.name}.handleRequest\` is used where a per-request transport cannot be created; rewrite by hand` });
      return;
    }
    const serverScope = refs[0]?.scope?.lookup(serverName);
    const siteServerScope = site.scope?.lookup(serverName);
    if (siteServerScope && serverScope && siteServerScope !== serverScope) {
      unsafe.push({ path: site, rule: RULES.sharedStatelessTransport, reason: `the handler already has a \`${serverName}\` of its own; rewrite by hand` });
      return;
    }
    const list = listOf(statement);
    const before = firstUser(list, statement.node, [...refs, ...this.referencesTo(transport.name, transport.declarator)]);
    insertions.push({ list, before, statements: () => this.requestSetup(site.node, transport, serverName, create) });
    if (!fn.node.async && !fn.node.generator) this.asyncTargets.add(fn.node);
  }

  private requestSetup(call: AnyNode, transport: SharedTransport, serverName: string, create: string): AnyNode[] {
    return this.parseStatements(this.requestSetupLines(call.arguments?.[1] && this.text(call.arguments[1]), transport, serverName, create).join('\n'));
  }

  private requestSetupLines(res: string | undefined, transport: SharedTransport, serverName: string, create: string): string[] {
    const nodeStyle = transport.cls === 'StreamableHTTPServerTransport' && res;
    const semi = this.semi;
    return [
      `const ${serverName} = ${create}${semi}`,
      `const ${transport.name} = ${this.text(transport.newNode)}${semi}`,
      ...transport.config.map((config) => this.text(config.node)),
      ...(nodeStyle
        ? [`${res}.on(${this.quote}close${this.quote}, () => {`, `${this.indent}${transport.name}.close()${semi}`, `${this.indent}${serverName}.close()${semi}`, `})${semi}`]
        : []),
      `await ${serverName}.connect(${transport.name})${semi}`,
    ];
  }

  private requestHandlerArrow(transport: SharedTransport, serverName: string, create: string): AnyNode {
    const params = ['req', 'res'].map((base) => this.freeName([base, `_${base}`, `${base}_`]));
    const setup = this.requestSetupLines(params[1], transport, serverName, create).map((line) => `${this.indent}${line}`);
    const text = `handler(async (${params.join(', ')}) => {\n${setup.join('\n')}\n${this.indent}await ${transport.name}.handleRequest(${params.join(', ')})${this.semi}\n})`;
    return this.parseStatements(text)[0].expression.arguments[0];
  }

  // ---------------------------------------------------------------- output

  private markUnsafe(unsafe: Unsafe[]): void {
    const marked = new Set<AnyNode>();
    for (const entry of unsafe) {
      const statement = innermostStatement(entry.path) ?? entry.path;
      const { line, column } = lineOf(entry.path.node);
      this.findings.push({ rule: entry.rule, line, column, status: 'review', message: entry.reason });
      if (marked.has(statement.node) || hasComment(statement.node, MARKER_PREFIX) || hasComment(statement.node, IGNORE_DIRECTIVE)) continue;
      marked.add(statement.node);
      const comment = this.j.commentLine(` ${MARKER_PREFIX} ${entry.reason}`, true, false);
      statement.node.comments = [...(statement.node.comments ?? []), comment];
      this.changed = true;
    }
  }

  /**
   * A node's source as written. recast parses a normalised copy of the file (tabs
   * expanded, `\n` line ends), so offsets into the original text cannot be used;
   * reprinting an untouched node gives back its original text.
   */
  private text(node: AnyNode): string {
    return this.j(node).toSource({ ...printOptionsFor(this.source), lineTerminator: '\n' });
  }

  private parseStatements(code: string): AnyNode[] {
    // Wrapped in an async function so `await` parses in any parser configuration;
    // recast reuses the snippet's own text, re-indented, so it reads as written here.
    const program = this.j(`async function __mcpIsolate() {\n${code}\n}`).find(this.j.Program).get().node;
    const body: AnyNode[] = program.body[0].body.body;
    return body;
  }

  /** An expression statement printed in the file's own style. */
  private statementOf(expression: AnyNode): AnyNode {
    const statement = this.parseStatements(`0${this.semi}`)[0];
    statement.expression = expression;
    return statement;
  }

  private freeName(candidates: string[]): string {
    for (const candidate of candidates) if (!this.usedNames.has(candidate)) return candidate;
    let counter = 2;
    while (this.usedNames.has(`${candidates[0]}${counter}`)) counter++;
    return `${candidates[0]}${counter}`;
  }
}

// -------------------------------------------------------------------- helpers

function usesSemicolons(source: string): boolean {
  const ends = source.split('\n').map((line) => line.trimEnd()).filter((line) => /^\s*(const|let|var|import|return|await|export)\b/.test(line));
  const withSemi = ends.filter((line) => line.endsWith(';')).length;
  const without = ends.filter((line) => !/[;,{(\[=>]$/.test(line)).length;
  return withSemi >= without;
}

function kindOfClass(cls: SdkClass | undefined): ConnectKind {
  if (!cls) return 'unknown';
  if (cls === 'StdioServerTransport') return 'stdio';
  return 'per-connection';
}

function isStatelessOptions(options: AnyNode): boolean {
  if (!options) return true;
  if (options.type !== 'ObjectExpression') return false;
  const generator = options.properties.find(
    (prop: AnyNode) => (prop.type === 'ObjectProperty' || prop.type === 'Property') && !prop.computed && (prop.key.name ?? prop.key.value) === 'sessionIdGenerator',
  );
  if (!generator) return !options.properties.some((prop: AnyNode) => prop.type === 'SpreadElement');
  const value = unwrap(generator.value);
  return value.type === 'Identifier' && value.name === 'undefined';
}

function isServerChain(node: AnyNode, name: string): boolean {
  const target = unwrap(node);
  if (target?.type === 'Identifier') return target.name === name;
  // server.server.setRequestHandler(...) on McpServer's inner low-level server
  return memberName(target) === 'server' && unwrap(target.object)?.type === 'Identifier' && unwrap(target.object).name === name;
}

function isHookAssignment(statement: AnyNode, name: string, only?: string): boolean {
  if (statement?.type !== 'ExpressionStatement') return false;
  const expression = statement.expression;
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return false;
  const hook = memberName(expression.left);
  if (!hook || !HOOKS.has(hook) || (only && hook !== only)) return false;
  return isServerChain(expression.left.object, name) && !mentions(expression.right, name, true);
}

/** Does the subtree mention `name` as an identifier (optionally ignoring nested functions)? */
function mentions(node: AnyNode, name: string, skipFunctions = false): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) visit(item);
      return;
    }
    if (current.type === 'Identifier' && current.name === name) {
      found = true;
      return;
    }
    if (skipFunctions && typeof current.type === 'string' && /Function|Method/.test(current.type)) return;
    for (const key of Object.keys(current)) {
      if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens' || key === 'property' && current.type === 'MemberExpression' && !current.computed) continue;
      visit(current[key]);
    }
  };
  visit(node);
  return found;
}

function firstUser(list: AnyNode[], fallback: AnyNode, refs: AnyPath[]): AnyNode {
  const limit = list.indexOf(fallback);
  for (let index = 0; index < limit; index++) {
    const candidate = list[index];
    if (refs.some((ref) => ancestorIn(ref, list)?.node === candidate)) return candidate;
  }
  return fallback;
}

function isCoveredBy(path: AnyPath, insertions: Insertion[]): boolean {
  return insertions.some((insertion) => {
    const anchor = ancestorIn(path, insertion.list);
    return Boolean(anchor && insertion.list.indexOf(anchor.node) >= insertion.list.indexOf(insertion.before));
  });
}

/** The name a statement declares when it declares a function (`function f`, `const f = () => ...`). */
function helperDeclared(node: AnyNode): string | undefined {
  if (node.type === 'FunctionDeclaration' && node.id && !node.async && !node.generator) return node.id.name;
  if (node.type !== 'VariableDeclaration' || node.declarations.length !== 1) return undefined;
  const declarator = node.declarations[0];
  const init = unwrap(declarator.init);
  if (declarator.id.type !== 'Identifier' || !(init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) return undefined;
  return declarator.id.name;
}

/** `server.close()` */
function closeCallOf(ref: AnyPath): AnyPath | undefined {
  const member = ref.parent as AnyPath;
  const call = member?.parent as AnyPath;
  if (memberName(member?.node) !== 'close' || member.node.object !== ref.node) return undefined;
  if (call?.node.type !== 'CallExpression' || call.node.callee !== member.node || call.node.arguments.length > 0) return undefined;
  return call;
}

/** A module-level `setInterval(() => { ...server... }, ms)` statement whose callback holds the use. */
function timerStatementOf(ref: AnyPath, list: AnyNode[]): AnyPath | undefined {
  const anchor = ancestorIn(ref, list);
  const call = anchor?.node.type === 'ExpressionStatement' ? anchor.node.expression : undefined;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || !/^set(Interval|Timeout)$/.test(call.callee.name)) return undefined;
  const callback = call.arguments[0];
  if (!(callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression') || !ancestorHas(ref, callback)) return undefined;
  return anchor ?? undefined;
}

function unwrapNode(node: AnyNode): AnyNode {
  return unwrap(node) ?? {};
}

function isNullish(node: AnyNode): boolean {
  return node.type === 'NullLiteral' || (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
}

/** `!s`, `s == null`, `s === null`, `s === undefined` */
function isMissingTest(test: AnyNode, name: string): boolean {
  const node = unwrap(test);
  if (node?.type === 'UnaryExpression' && node.operator === '!') return unwrap(node.argument)?.type === 'Identifier' && unwrap(node.argument).name === name;
  if (node?.type === 'BinaryExpression' && ['==', '==='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

/** `s`, `s != null`, `s !== null` */
function isPresentTest(test: AnyNode, name: string): boolean {
  const node = unwrap(test);
  if (node?.type === 'Identifier') return node.name === name;
  if (node?.type === 'BinaryExpression' && ['!=', '!=='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

function returnsName(statement: AnyNode, name: string): boolean {
  const node = statement.type === 'BlockStatement' && statement.body.length === 1 ? statement.body[0] : statement;
  return node.type === 'ReturnStatement' && unwrap(node.argument)?.type === 'Identifier' && unwrap(node.argument).name === name;
}

function paramDeclares(param: AnyNode, identifier: AnyNode): boolean {
  if (param === identifier) return true;
  if (param?.type === 'AssignmentPattern') return paramDeclares(param.left, identifier);
  if (param?.type === 'TSParameterProperty') return paramDeclares(param.parameter, identifier);
  if (param?.type === 'ObjectPattern') return param.properties.some((prop: AnyNode) => paramDeclares(prop.value ?? prop.argument, identifier));
  return false;
}

function ancestorHas(path: AnyPath, node: AnyNode): boolean {
  let current: AnyPath | null = path;
  while (current) {
    if (current.node === node) return true;
    current = current.parent as AnyPath | null;
  }
  return false;
}

function sameFunction(a: AnyPath, b: AnyPath): boolean {
  return enclosingFunction(a)?.node === enclosingFunction(b)?.node;
}

function innermostStatement(path: AnyPath): AnyPath | null {
  let current: AnyPath | null = path;
  while (current) {
    const parentPath = current.parentPath as AnyPath | null;
    if (parentPath && Array.isArray(parentPath.value) && /Statement|Declaration/.test(current.node.type)) return current;
    current = current.parent as AnyPath | null;
  }
  return null;
}

function describeServerUse(ref: AnyPath, name: string): string {
  const member = (ref.parent as AnyPath)?.node;
  const method = member && member.object === ref.node ? memberName(member) : undefined;
  if (method === 'close') return `\`${name}.close()\` closes the old shared server; close each per-connection server (or its transport) instead`;
  if (method && /^(send|notification|request|createMessage|elicitInput|listRoots|ping)/.test(method)) {
    return `\`${name}.${method}(...)\` runs outside any request, so there is no single server to send it from after the rewrite; send it per session`;
  }
  if (isInTimer(ref)) return `a timer uses the shared server \`${name}\`; make it per session and clear it when the session closes`;
  const parent = (ref.parent as AnyPath)?.node;
  if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') {
    return `the shared server \`${name}\` is exported, so other modules may use it; export a builder instead`;
  }
  return `the shared server \`${name}\` is used outside a request handler; give each connection its own server by hand`;
}

function describeTransportUse(ref: AnyPath, name: string): string {
  const method = memberName((ref.parent as AnyPath)?.node);
  if (method === 'close') return `\`${name}.close()\` closes the old shared transport; each request's transport now closes with its response`;
  return `the shared transport \`${name}\` is used outside a request; create a transport per request by hand`;
}

function isInTimer(path: AnyPath): boolean {
  let current: AnyPath | null = path;
  while (current) {
    const node = current.node;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^set(Interval|Timeout|Immediate)$/.test(node.callee.name)) return true;
    current = current.parent as AnyPath | null;
  }
  return false;
}
