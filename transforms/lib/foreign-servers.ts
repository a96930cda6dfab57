/*
 * Servers this file connects but does not build (imported, passed in, kept on
 * `this`, kept by a getter) and HTTP transports exported for the whole process:
 * marked at the connect, since one file cannot show where they come from.
 */
import type { Collection } from 'jscodeshift';
import { type AnyNode, type AnyPath, contains, enclosingFunction, memberName, someNode, statementOf, unwrap } from './ast.js';
import { RULES } from './findings.js';
import { type FileContext, type Unsafe } from './file-context.js';
import { isStatelessOptions, paramDeclares } from './patterns.js';
import {
  HTTP_TRANSPORT_CLASSES,
  NETWORK_TRANSPORT_CLASSES,
  SERVER_CLASSES,
  type SdkClass,
  classOfNew,
  findSdkBindings,
  mentionsSdkServer,
} from './sdk-imports.js';

/**
 * `server.connect(transport)` for a network transport, where `server` is not one
 * this file builds: imported, passed in, kept on `this`, or returned by a call made
 * once. The file alone cannot show where it is built, so the connect is marked.
 */
export function markForeignServers(ctx: FileContext, handled: Set<AnyNode>): void {
  const unsafe: Unsafe[] = [];
  ctx.paths('CallExpression').forEach((call: AnyPath) => {
    const callee = call.node.callee;
    if (memberName(callee) !== 'connect' || call.node.arguments.length !== 1) return;
    if (!isNetworkTransport(ctx, call, call.node.arguments[0])) return;
    const reason = foreignServerReason(ctx, call, unwrap(callee.object), handled);
    if (reason) {
      unsafe.push({ path: call, rule: RULES.sharedServer, reason });
      return;
    }
    const shared = sharedTransportName(ctx, call, handled);
    if (shared) {
      unsafe.push({
        path: call,
        rule: RULES.sharedStatelessTransport,
        reason: `\`${shared}\` is connected once here and then serves requests in other handlers, so every client shares it; create the server and transport per request or session`,
      });
      return;
    }
    // connectTransport(server, transport) { await server.connect(transport) }: judge what its callers pass.
    for (const site of helperCallSites(ctx, call, unwrap(callee.object))) {
      const passed = foreignServerReason(ctx, site.path, site.argument, handled);
      if (passed) unsafe.push({ path: site.path, rule: RULES.sharedServer, reason: passed });
    }
  });
  ctx.paths('CallExpression').forEach((call: AnyPath) => {
    if (memberName(call.node.callee) !== 'handleRequest') return;
    const reason = capturedTransportReason(ctx, call, unwrap(call.node.callee.object));
    if (reason) unsafe.push({ path: call, rule: RULES.sharedStatelessTransport, reason });
  });
  if (unsafe.length > 0) ctx.markUnsafe(unsafe);
}

/**
 * The transport this connect hands over, when handlers elsewhere keep using the same
 * binding (`transport.handleRequest` or `handlePostMessage` in another function).
 * Servers the main pass handles are judged there.
 */
function sharedTransportName(ctx: FileContext, call: AnyPath, handled: Set<AnyNode>): string | undefined {
  const server = unwrap(call.node.callee.object);
  if (server?.type === 'Identifier') {
    const binding = (call.scope?.lookup(server.name)?.getBindings()[server.name] as AnyPath[] | undefined)?.[0];
    if (binding && handled.has((binding.parent as AnyPath)?.node)) return undefined;
  }
  const arg = unwrap(call.node.arguments[0]);
  if (arg?.type !== 'Identifier') return undefined;
  const binding = (call.scope?.lookup(arg.name)?.getBindings()[arg.name] as AnyPath[] | undefined)?.[0];
  const declarator = binding?.parent as AnyPath | undefined;
  if (!declarator || declarator.node.type !== 'VariableDeclarator') return undefined;
  const here = enclosingFunction(call)?.node;
  const elsewhere = ctx.referencesTo(arg.name, declarator).some((ref) => {
    const method = memberName((ref.parent as AnyPath).node);
    return (method === 'handleRequest' || method === 'handlePostMessage') && enclosingFunction(ref)?.node !== here;
  });
  return elsewhere ? arg.name : undefined;
}

/** Calls of the local function that connects its own parameter, with the argument given for it. */
export function helperCallSites(ctx: FileContext, call: AnyPath, server: AnyNode): Array<{ path: AnyPath; argument: AnyNode }> {
  if (server?.type !== 'Identifier') return [];
  const helper = enclosingFunction(call);
  const index = (helper?.node.params as AnyNode[] | undefined)?.findIndex((param) => unwrap(param)?.name === server.name || param.left?.name === server.name) ?? -1;
  if (!helper || index < 0) return [];
  const name = helper.node.id?.name ?? (helper.parent as AnyPath)?.node.id?.name;
  if (!name || ctx.localFunction(name) !== helper.node) return [];
  const sites: Array<{ path: AnyPath; argument: AnyNode }> = [];
  ctx.paths('CallExpression').forEach((site: AnyPath) => {
    if (site.node.callee.type !== 'Identifier' || site.node.callee.name !== name) return;
    const argument = unwrap(site.node.arguments[index]);
    if (argument) sites.push({ path: site, argument });
  });
  return sites;
}

/** `transport.handleRequest(...)` in a handler, on a transport handed to the function that set the handler up. */
export function capturedTransportReason(ctx: FileContext, call: AnyPath, transport: AnyNode): string | undefined {
  if (transport?.type !== 'Identifier') return undefined;
  const scope = call.scope?.lookup(transport.name);
  const binding = (scope?.getBindings()[transport.name] as AnyPath[] | undefined)?.[0];
  if (!binding) return undefined;
  const owner = enclosingFunction(binding);
  if (!owner || owner.node === enclosingFunction(call)?.node) return undefined;
  if (!(owner.node.params as AnyNode[]).some((param) => paramDeclares(param, binding.node))) return undefined;
  const annotation = binding.node.typeAnnotation?.typeAnnotation;
  const cls = annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' ? ctx.bindings.types.get(annotation.typeName.name) : undefined;
  if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls)) return undefined;
  return `\`${transport.name}\` is one transport passed in and used for every request; create a transport (and a server) per request or per session instead`;
}

export function isNetworkTransport(ctx: FileContext, at: AnyPath, node: AnyNode): boolean {
  const arg = unwrap(node);
  if (arg?.type === 'NewExpression') return NETWORK_TRANSPORT_CLASSES.includes(classOfNew(ctx.bindings, arg) as SdkClass);
  if (arg?.type !== 'Identifier') return false;
  const scope = at.scope?.lookup(arg.name);
  if (!scope) return false;
  // (transport: StreamableHTTPServerTransport) => ...
  const binding = (scope.getBindings()[arg.name] as AnyPath[] | undefined)?.[0];
  const annotation = binding?.node.typeAnnotation?.typeAnnotation;
  if (annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier') {
    const cls = ctx.bindings.types.get(annotation.typeName.name);
    if (cls && NETWORK_TRANSPORT_CLASSES.includes(cls)) return true;
  }
  let network = false;
  ctx.declaratorsOf(arg.name).forEach((path: AnyPath) => {
    if (path.scope?.lookup(arg.name) === scope && NETWORK_TRANSPORT_CLASSES.includes(classOfNew(ctx.bindings, path.node.init) as SdkClass)) network = true;
  });
  ctx.assignmentsTo(arg.name).forEach((path: AnyPath) => {
    if (path.scope?.lookup(arg.name) === scope && NETWORK_TRANSPORT_CLASSES.includes(classOfNew(ctx.bindings, path.node.right) as SdkClass)) network = true;
  });
  return network;
}

export function foreignServerReason(ctx: FileContext, call: AnyPath, server: AnyNode, handled: Set<AnyNode>): string | undefined {
  const connectFn = enclosingFunction(call);
  if (server?.type === 'MemberExpression' && unwrap(server.object)?.type === 'ThisExpression') {
    if (injectedThroughConstructor(call, memberName(server))) {
      return `the server in \`this.${memberName(server)}\` is handed in through the constructor, so every connection shares the caller's instance; the constructor is the class's public API, so it is not changed: take a function that builds a server and call it per connection`;
    }
    return `the server kept on \`this.${memberName(server) ?? '...'}\` is connected to every connection's transport; give each connection its own server (build it per connection, or keep a factory instead of an instance)`;
  }
  if (server?.type === 'CallExpression') {
    return callCreatesServer(ctx, server, call) === false
      ? `\`${ctx.text(server.callee)}()\` returns a server it keeps, so every connection shares it; build a new server for each connection`
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
    if (init?.type === 'CallExpression' && callCreatesServer(ctx, init, call) !== false) {
      return `\`${name}\` comes from \`${ctx.text(init.callee)}()\`, called once and then shared by every connection; call it for each connection instead`;
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
      return init?.type === 'CallExpression' && callCreatesServer(ctx, init, call) === false
        ? `\`${ctx.text(init.callee)}()\` returns a server it keeps, so every connection shares it; build a new server for each connection`
        : undefined;
    }
    const init = unwrap(parent.init);
    if (init?.type === 'CallExpression' && callCreatesServer(ctx, init, call) !== false) {
      return `\`${name}\` comes from \`${ctx.text(init.callee)}()\`, called once and then shared by every connection; call it for each connection instead (this file does not show what it builds)`;
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
export function callCreatesServer(ctx: FileContext, call: AnyNode, at: AnyPath): boolean | undefined {
  const callee = unwrap(call.callee);
  let fn: AnyNode | undefined;
  if (callee?.type === 'Identifier') fn = ctx.localFunction(callee.name, at);
  if (callee?.type === 'Identifier' && !fn) return importedCreatesServer(ctx, callee.name);
  else if (callee?.type === 'MemberExpression' && unwrap(callee.object)?.type === 'ThisExpression') fn = classMethod(ctx, at, memberName(callee));
  if (!fn) return undefined;
  if (returnsKeptValue(fn)) return false;
  return constructsServer(ctx, fn);
}

/** `return cached` where `cached` lives outside the function: the same object for every caller. */
function returnsKeptValue(fn: AnyNode): boolean {
  const returned: AnyNode[] = [];
  const declared = new Set<string>();
  for (const param of fn.params ?? []) if (unwrap(param)?.type === 'Identifier') declared.add(unwrap(param).name);
  if (fn.body?.type !== 'BlockStatement') returned.push(unwrap(fn.body));
  if (fn.body?.type === 'BlockStatement') {
    someNode(
      fn.body,
      (node) => {
        if (node.type === 'ReturnStatement') returned.push(unwrap(node.argument));
        if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') declared.add(node.id.name);
        return false;
      },
      { skipFunctions: true },
    );
  }
  return returned.some((value) => value?.type === 'Identifier' && value.name !== 'undefined' && !declared.has(value.name));
}

/** Looks into the module a function is imported from: false for a getter that returns a kept server. */
export function importedCreatesServer(ctx: FileContext, name: string): boolean | undefined {
  // The same import is asked about once per connect: read and parse its module once.
  if (!ctx.importVerdicts.has(name)) ctx.importVerdicts.set(name, judgeImport(ctx, name));
  return ctx.importVerdicts.get(name);
}

function judgeImport(ctx: FileContext, name: string): boolean | undefined {
  if (!ctx.readImport) return undefined;
  let specifier: string | undefined;
  let imported: string | undefined;
  ctx.paths('ImportDeclaration').forEach((path: AnyPath) => {
    for (const spec of path.node.specifiers ?? []) {
      if (spec.local?.name !== name) continue;
      specifier = String(path.node.source.value);
      imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportSpecifier' ? spec.imported.name : undefined;
    }
  });
  if (!specifier || !imported) return undefined;
  const text = ctx.readImport(specifier);
  if (text === undefined || !mentionsSdkServer(text)) return undefined;
  let other: Collection;
  try {
    other = ctx.j(text);
  } catch {
    return undefined;
  }
  const program = other.find(ctx.j.Program).get().node;
  const moduleNames = new Set<string>();
  const functions = new Map<string, AnyNode>();
  /** Exported name -> local name. */
  const exports = new Map<string, string>();
  for (const statement of program.body as AnyNode[]) {
    const exported = statement.type === 'ExportNamedDeclaration' && statement.declaration;
    const node = exported ? statement.declaration : statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const spec of statement.specifiers ?? []) if (spec.local?.name) exports.set(spec.exported?.name ?? spec.local.name, spec.local.name);
    }
    if (statement.type === 'ExportDefaultDeclaration' && node?.type === 'Identifier') exports.set('default', node.name);
    if (node?.type === 'VariableDeclaration') {
      for (const declarator of node.declarations) {
        if (declarator.id.type !== 'Identifier') continue;
        moduleNames.add(declarator.id.name);
        const init = unwrap(declarator.init);
        if (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression') functions.set(declarator.id.name, init);
        if (exported) exports.set(declarator.id.name, declarator.id.name);
      }
    }
    if (node?.type === 'FunctionDeclaration') {
      if (node.id?.name) functions.set(node.id.name, node);
      if (exported && node.id?.name) exports.set(node.id.name, node.id.name);
      if (statement.type === 'ExportDefaultDeclaration') {
        functions.set('\0default', node);
        exports.set('default', '\0default');
      }
    }
  }
  const localName = exports.get(imported);
  const fn = localName === undefined ? undefined : functions.get(localName);
  if (!fn) return undefined;
  const returns: AnyNode[] = [];
  ctx.j(fn.body).find(ctx.j.ReturnStatement).forEach((path: AnyPath) => {
    if (enclosingFunction(path)?.node === fn || (enclosingFunction(path) === null && fn.body.type === 'BlockStatement')) returns.push(unwrap(path.node.argument));
  });
  // `return mcpServer` where mcpServer lives at module level: one server for every caller.
  if (returns.some((value) => value?.type === 'Identifier' && moduleNames.has(value.name))) return false;
  const otherBindings = findSdkBindings(ctx.j, other);
  const constructs = ctx.j(fn.body).find(ctx.j.NewExpression).some((path: AnyPath) => SERVER_CLASSES.includes(classOfNew(otherBindings, path.node) as SdkClass));
  return constructs ? true : undefined;
}

export function constructsServer(ctx: FileContext, fn: AnyNode): boolean {
  return someNode(
    fn.body,
    (node) =>
      (node.type === 'NewExpression' && SERVER_CLASSES.includes(classOfNew(ctx.bindings, node) as SdkClass)) ||
      // A call to another local factory counts as building one.
      (node.type === 'CallExpression' && unwrap(node.callee)?.type === 'Identifier' && node.callee.name !== fn.id?.name && ctx.isServerFactory(node.callee.name)),
  );
}

/** `constructor(private readonly server: McpServer)`: a parameter property of the enclosing class. */
function injectedThroughConstructor(at: AnyPath, name: string | undefined): boolean {
  let current: AnyPath | null = at;
  while (current && current.node.type !== 'ClassBody') current = current.parent as AnyPath | null;
  const constructor = current?.node.body.find((member: AnyNode) => (member.type === 'ClassMethod' || member.type === 'MethodDefinition') && member.kind === 'constructor');
  const params: AnyNode[] = (constructor?.type === 'MethodDefinition' ? constructor.value : constructor)?.params ?? [];
  return params.some((param) => param.type === 'TSParameterProperty' && (param.parameter?.name ?? param.parameter?.left?.name) === name);
}

export function classMethod(ctx: FileContext, at: AnyPath, name: string | undefined): AnyNode | undefined {
  if (!name) return undefined;
  let current: AnyPath | null = at;
  while (current && current.node.type !== 'ClassBody') current = current.parent as AnyPath | null;
  const member = current?.node.body.find((item: AnyNode) => (item.type === 'ClassMethod' || item.type === 'MethodDefinition') && (item.key?.name ?? item.key?.value) === name);
  return member?.type === 'MethodDefinition' ? member.value : member;
}

/** `export const transport = new StreamableHTTPServerTransport(...)` at module level: every importer shares it. */
export function markExportedTransports(ctx: FileContext): void {
  const unsafe: Unsafe[] = [];
  const program = ctx.root.find(ctx.j.Program).get().node;
  const exportedNames = new Set<string>();
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === 'ExportNamedDeclaration' && !statement.declaration) {
      for (const specifier of statement.specifiers ?? []) if (specifier.local?.name) exportedNames.add(specifier.local.name);
    }
    if (statement.type === 'ExportDefaultDeclaration' && statement.declaration?.type === 'Identifier') exportedNames.add(statement.declaration.name);
  }
  ctx.paths('VariableDeclarator').forEach((path: AnyPath) => {
    const cls = classOfNew(ctx.bindings, path.node.init);
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
  if (unsafe.length > 0) ctx.markUnsafe(unsafe);
}
