/*
 * A transport kept once and used by code that runs per request, session or stream.
 * Which step fixes it depends on what it is and how it is kept: a stateless
 * transport created once becomes one per request; a stateful one, one per session
 * in a map; one variable every new SSE stream overwrites, a map of streams.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES } from '../findings.js';
import { unwrapped } from '../scan/classes.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import type { SdkClass } from '../scan/sdk-classes.js';
import { isStatelessOptions } from '../scan/transport-options.js';
import { memberKey } from '../scan/flow.js';
import { dirname, relative, sep } from 'node:path';
import { lineOf, statementOf, contains } from '../scan/statements.js';
import { Runs } from '../scan/runs.js';
import type { PlanContext } from './context.js';
import { factoryOfBinding } from './factories.js';
import type { Factory } from './context.js';
import { builderImportedInto } from './steps/imports.js';
import type { SharedUse } from './shared.js';
import { rewireBinding } from './rewire.js';
import { removeConnect } from './steps/remove-connect.js';
import { publishedWiring, removeWiring, type StartupWiring, startupWiring, wiringCovers } from './steps/startup-wiring.js';
import { type SharedTransport, requestUseOf, transportConfig, transportPerRequest } from './steps/request-transport.js';
import { transportPerSession } from './steps/sessions.js';
import { liveTransportClose } from './steps/live-servers.js';
import { streamMap } from './steps/stream-map.js';
import { comesConnected, connectedTransport } from './steps/connected-transport.js';

export function planTransport(ctx: PlanContext, binding: Binding, uses: SharedUse[]): void {
  const first = uses[0] as SharedUse;
  const module = first.boundary.module;
  const name = binding.identifier.name;
  const origin = first.trace.origin;
  if (origin.kind !== 'created') {
    ctx.block(module, first.boundary.ref, `\`${name}\` is one transport used by every request, made where the rewrite cannot follow; create a transport (and a server) per request or session instead`, RULES.sharedStatelessTransport);
    return;
  }
  const cls = origin.cls;
  // `let transport` that every new SSE stream overwrites.
  if (binding.constantViolations.length > 0) {
    streamMap(ctx, binding, module, cls, uses);
    return;
  }
  // Handed here by a function that made and connected it (a parameter, a local from a call).
  if (comesConnected(binding)) {
    connectedTransport(ctx, binding, module, uses);
    return;
  }
  // A transport exported by the module that creates it moves into the one module that uses it.
  const home = binding.kind === 'module' ? exportedTransport(ctx, binding, module, first) : { module, binding, wiring: startupWiring(ctx, module, binding, 'transport') };
  if (!home) return;
  if (home.wiring && publishedWiring(ctx, home.module, home.binding, 'stateless transport')) return;
  const declarator = home.binding.path;
  const init = declarator.isVariableDeclarator() ? unwrapped((declarator.node as AnyNode).init) : undefined;
  if (declarator.isVariableDeclarator() && (declarator.node as AnyNode).id.type !== 'Identifier' && init?.type === 'CallExpression') {
    // `const { mcp, transport } = wire()`: the transport is made inside a function that also makes other things.
    ctx.block(module, first.boundary.ref, `\`${name}\` is taken from one call of \`${ctx.tx.at(home.module).text(init.callee)}()\`, which builds one transport for every request; create the transport per request outside that function, and a server with it`, RULES.sharedStatelessTransport);
    return;
  }
  if (init?.type !== 'NewExpression' || init !== origin.at.node) {
    ctx.block(module, first.boundary.ref, `\`${name}\` is one transport used by every request; create a transport (and a server) per request or session instead`, RULES.sharedStatelessTransport);
    return;
  }
  const stateless = isStatelessOptions(init.arguments[0]);
  const rule = stateless ? RULES.sharedStatelessTransport : RULES.statefulSingletonTransport;
  const declaration = declarator.parentPath as Path;
  const statement = declaration.parentPath?.isExportNamedDeclaration() ? (declaration.parentPath as Path) : declaration;
  if ((declaration.node as AnyNode).declarations?.length !== 1 || !Array.isArray(statement.container)) {
    ctx.block(home.module, statement, `\`${name}\` is declared together with other variables; create a transport per request by hand`, rule);
    return;
  }
  const config = transportConfig(home.binding, statement);
  const handled: Array<{ path: Path; bound: boolean }> = [];
  // Connects of the transport: in this module, and at start-up in the modules it is exported to.
  const connects: Array<{ module: SourceModule; call: Path<t.CallExpression> }> = (home.wiring?.imports ?? []).flatMap((entry) => entry.connects.map((call) => ({ module: entry.module, call })));
  const closes: Path[] = [];
  for (const ref of binding.referencePaths) {
    if (config.some((path) => contains(path, ref))) continue;
    if (wiringCovers(home.wiring, ref)) continue;
    const use = requestUseOf(ref);
    if (use === 'bind') continue;
    if (use) {
      handled.push(use);
      continue;
    }
    const member = ref.parentPath as Path;
    if ((member.node as AnyNode).type === 'CallExpression' && memberKey((member.node as AnyNode).callee) === 'connect' && (member.node as AnyNode).arguments[0] === ref.node) {
      connects.push({ module, call: member as Path<t.CallExpression> });
      continue;
    }
    // A stateful transport's shutdown close() closes every session's transport instead.
    const close = closeCall(ref);
    if (close && !stateless) {
      closes.push(close);
      continue;
    }
    // A stateless transport's shutdown close() closes every live request's server instead (planned once the server's factory is known).
    if (close && stateless) {
      closes.push(close);
      continue;
    }
    ctx.block(module, ref, describeTransportUse(ref, name), rule);
  }
  if (ctx.tx.blocked) return;
  const moved = home.module !== module;
  const anchor = moved ? lastImport(module) : { path: statement, after: false };
  const transport: SharedTransport = { binding, module, name, statement, anchor, creation: declarator.get('init') as Path<t.NewExpression>, cls, config, uses: handled };
  // The server the transport is connected to: it comes along, one per request or session.
  const servers = connects.map(({ call }) => serverOf(ctx, call)).filter((server): server is NonNullable<typeof server> => server !== undefined);
  if (servers.length === 0 || servers.length !== connects.length || new Set(servers.map((server) => server.instance)).size !== 1) {
    const at = connects[0] ?? { module, call: statement };
    ctx.block(at.module, at.call, `\`${name}\` is connected once here and then serves requests in other handlers, so every client shares it; create the server and transport per request or session`, rule);
    return;
  }
  // The server's builder is called in this module: from a connect here, or from where it is made here.
  const local = servers.find((candidate) => candidate.module === module);
  const imported = local ? undefined : servers.find((candidate) => candidate.binding.kind === 'module' && candidate.origin?.module !== module);
  const server = local ?? (imported ? undefined : serverMadeIn(ctx, servers[0] as NonNullable<(typeof servers)[number]>, module, connects));
  const serverWiring = server && server.module === module && !local ? startupWiring(ctx, module, server.binding, 'server') : undefined;
  if (serverWiring && publishedWiring(ctx, module, server?.binding as Binding, 'server')) return;
  // The start-up connects go: the modules that made them keep only what else they do with the server.
  for (const { call } of connects.filter((connect) => connect.module !== module)) ctx.removedConnects.add(call.node);
  ctx.absorb(connects.filter((connect) => connect.module !== module).map(({ call }) => call));
  const factory = server ? factoryOfBinding(ctx, server.binding, server.module, server.cls, server.read) : importedServerFactory(ctx, imported as ConnectedServer, module, connects);
  if (!factory) return;
  const serverName = (server ?? (imported as ConnectedServer)).binding.identifier.name;
  if (moved && !moveImports(ctx, home.module, module, declarator.get('init') as Path, binding)) return;
  if (!stateless) {
    if (!transportPerSession(ctx, transport, factory, closes)) return;
  } else {
    transportPerRequest(ctx, transport, serverName, factory);
  }
  for (const { module: at, call } of connects) removeConnect(ctx, at, call, serverName, name);
  removeWiring(ctx, [...(home.wiring ? [{ home: home.module, wiring: home.wiring }] : []), ...(serverWiring ? [{ home: module, wiring: serverWiring }] : [])]);
  ctx.tx.at(home.module).remove(statement);
  for (const path of config) ctx.tx.at(home.module).remove(path);
  if (moved) {
    ctx.tx.fixed.push({
      module: home.module,
      finding: { rule, ...lineOf(declarator.node), status: 'fixed', message: `\`${name}\` was one ${stateless ? 'stateless' : 'stateful'} transport exported for the whole process; it moved into ${relativeName(home.module, module)}, which now creates one per ${stateless ? 'request' : 'session'}` },
    });
  }
  ctx.absorb([statement, ...config, ...connects.map(({ call }) => call), ...uses.map((use) => use.boundary.ref)]);
  // Once the start-up connect is gone, the servers' lifetime is the requests'.
  if (stateless) {
    for (const close of closes) {
      // A close inside a handler that serves requests (`res.on('close', ...)`) is that request's, not a shutdown.
      if (handled.some((use) => contains(Runs.enclosing(use.path) ?? use.path, close))) {
        ctx.block(module, close, describeTransportUse(close.get('callee.object') as Path, name), rule);
        continue;
      }
      if (!server || !liveTransportClose(ctx, module, close, server.binding, factory)) ctx.block(module, close, `\`${name}.close()\` closes the old shared transport at shutdown, and the requests' servers are not kept anywhere to close instead (nothing closes them when their request ends); close them by hand`, rule);
    }
  }
  if (server) rewireBinding(ctx, server.binding, server.module, factory);
}

/**
 * A server imported by the module that connects it at start-up, from the module that
 * makes it: that module exports a builder, and the request module imports it.
 */
function importedServerFactory(ctx: PlanContext, server: ConnectedServer, module: SourceModule, connects: Array<{ module: SourceModule; call: Path<t.CallExpression> }>): Factory | undefined {
  // The module that connected it imports the builder now, or nothing when it only connected.
  factoryOfBinding(ctx, server.binding, server.module, server.cls, server.read);
  if (ctx.tx.blocked) return undefined;
  const factory = builderImportedInto(ctx, server.binding, server.module, module, server.cls, server.read);
  if (!factory) {
    serverMadeIn(ctx, server, module, connects);
    return undefined;
  }
  return factory;
}

/** The module that creates an imported transport, when this module is the only one that uses it. */
function exportedTransport(ctx: PlanContext, binding: Binding, module: SourceModule, use: SharedUse): { module: SourceModule; binding: Binding; wiring: StartupWiring | undefined } | undefined {
  const name = binding.identifier.name;
  const specifier = binding.path.node as AnyNode;
  const declaration = binding.path.parentPath as Path;
  const source = (declaration.node as AnyNode).source?.value as string;
  const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : (specifier.imported?.name ?? specifier.imported?.value);
  const target = ctx.model.project.resolve(module, source);
  const found = target && imported ? ctx.model.project.findExport(target, imported) : undefined;
  const local = found?.kind === 'local' ? found.module.scope.getBinding(found.local) : undefined;
  const refuse = (why: string) => ctx.block(module, use.boundary.ref, `\`${name}\` is one stateless transport exported for the whole process, so concurrent requests share it${why}; create a transport (and a server) per request instead`, RULES.sharedStatelessTransport);
  if (!found || found.kind !== 'local' || !local || !ctx.editable(found.module)) return refuse('');
  // Used by other modules too, or by its own module: it cannot move into one of them.
  const users = ctx.model.project.importersOf(found.module).filter((importer) => importer.pathsOf('ImportSpecifier', 'ImportDefaultSpecifier').some((path) => {
    const node = path.node as AnyNode;
    const name = node.type === 'ImportDefaultSpecifier' ? 'default' : (node.imported.name ?? node.imported.value);
    return name === imported && ctx.model.project.resolve(importer, (path.parentPath?.node as AnyNode).source.value)?.path === found.module.path;
  }));
  // Modules that only connect it once at start-up lose that connect: they are not users.
  const wiring = users.length > 1 ? startupWiring(ctx, found.module, local, 'transport', module) : undefined;
  const others = users.filter((user) => !wiring?.imports.some((entry) => entry.module === user));
  if (others.length !== 1 || others[0] !== module) return refuse(' and several modules use it');
  const ownUses = local.referencePaths.filter((ref) => !['Program', 'ExportNamedDeclaration', 'ExportSpecifier'].includes(ref.parentPath?.node.type ?? ''));
  if (ownUses.length > 0 && !ownUses.every((ref) => transportConfig(local, statementOf(local.path) ?? local.path).some((config) => contains(config, ref)))) return refuse(' and its own module uses it too');
  return { module: found.module, binding: local, wiring };
}

/**
 * The imports the moved creation needs in its new module (its class, the names its
 * options read), the import of the transport removed, and the old module left
 * without what only the transport used.
 */
function moveImports(ctx: PlanContext, from: SourceModule, into: SourceModule, creation: Path, imported: Binding): boolean {
  const needed: Array<{ name: string; line: string }> = [];
  const fromEdits = ctx.tx.at(from);
  const intoEdits = ctx.tx.at(into);
  let ok = true;
  const seen = new Set<string>();
  creation.traverse({
    Identifier(path) {
      if (!path.isReferencedIdentifier() || seen.has(path.node.name)) return;
      seen.add(path.node.name);
      const binding = path.scope.getBinding(path.node.name);
      if (!binding) return;
      if (binding.kind !== 'module') {
        ok = false;
        ctx.block(from, path as Path, `the options of the exported transport read \`${path.node.name}\`, which lives in this module; move the transport into the module that uses it by hand`, RULES.sharedStatelessTransport);
        return;
      }
      const declaration = binding.path.parentPath?.node as AnyNode;
      const specifier = binding.path.node as AnyNode;
      const q = intoEdits.style.quote;
      const importedName = specifier.type === 'ImportDefaultSpecifier' ? undefined : (specifier.imported?.name ?? specifier.imported?.value);
      const clause = specifier.type === 'ImportDefaultSpecifier' ? path.node.name : specifier.type === 'ImportNamespaceSpecifier' ? `* as ${path.node.name}` : importedName === path.node.name ? `{ ${path.node.name} }` : `{ ${importedName} as ${path.node.name} }`;
      if (into.scope.hasBinding(path.node.name)) return;
      needed.push({ name: path.node.name, line: `import ${clause} from ${q}${declaration.source.value}${q}${intoEdits.style.semi}` });
    },
  });
  if (!ok) return false;
  // The transport's import in the module that uses it.
  const specifier = imported.path;
  const declaration = specifier.parentPath as Path;
  if ((declaration.node as AnyNode).specifiers.length === 1) {
    intoEdits.replace(declaration, () => intoEdits.statements(needed.map((entry) => entry.line).join('\n'))[0] ?? intoEdits.statements('export {};')[0]);
    if (needed.length > 1) intoEdits.insertAfter(declaration, () => intoEdits.statements(needed.slice(1).map((entry) => entry.line).join('\n')));
  } else {
    intoEdits.remove(specifier);
    if (needed.length > 0) intoEdits.insertAfter(declaration, () => intoEdits.statements(needed.map((entry) => entry.line).join('\n')));
  }
  // The old module keeps what else it has; an import only the transport used goes; an empty module stays a module.
  const body = from.program.get('body') as unknown as Path[];
  const removed = new Set<unknown>();
  for (const statement of body) {
    const node = statement.node as AnyNode;
    if (node.type !== 'ImportDeclaration') continue;
    const unused = node.specifiers.length > 0 && node.specifiers.every((spec: AnyNode) => {
      const binding = statement.scope.getBinding(spec.local.name);
      return binding?.referencePaths.every((ref) => contains(creation, ref) || contains(creation.parentPath?.parentPath as Path, ref)) ?? false;
    });
    if (unused) {
      fromEdits.remove(statement);
      removed.add(node);
    }
  }
  const remaining = body.filter((statement) => !removed.has(statement.node) && !contains(statement, creation));
  if (remaining.length === 0) fromEdits.insertAfter(body[body.length - 1] as Path, () => fromEdits.statements('export {};'));
  return true;
}

/** After the module's last import (or at its top). */
function lastImport(module: SourceModule): { path: Path; after: boolean } {
  const imports = module.paths('ImportDeclaration');
  const last = imports[imports.length - 1];
  return last ? { path: last, after: true } : { path: (module.program.get('body') as unknown as Path[])[0] as Path, after: false };
}

function relativeName(from: SourceModule, to: SourceModule): string {
  const path = relative(dirname(from.path), to.path).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

interface ConnectedServer {
  binding: Binding;
  module: SourceModule;
  cls: SdkClass;
  read: Path;
  /** The server's creation when the scan found it (else the binding): connects of one instance share it. */
  instance: object;
  origin?: { module: SourceModule; at: Path };
}

/** The server binding a connect reads (`server` in `server.connect(transport)`). */
function serverOf(ctx: PlanContext, call: Path<t.CallExpression>): ConnectedServer | undefined {
  const site = ctx.model.sites.find((candidate) => candidate.kind === 'connect' && candidate.call.node === call.node);
  if (!site || site.kind !== 'connect') return undefined;
  for (const trace of site.serverTraces) {
    const read = trace.steps[0];
    if (read?.kind !== 'read') continue;
    const origin = trace.origin.kind === 'created' ? { module: trace.origin.module, at: trace.origin.at } : undefined;
    return { binding: read.binding, module: read.module, cls: site.serverClass, read: read.ref, instance: origin?.at.node ?? read.binding, origin };
  }
  return undefined;
}

/**
 * The server every start-up connect elsewhere connects, as the binding of the module
 * that handles the requests, where its builder will be called: it must be made there,
 * declared once at the module's top level.
 */
function serverMadeIn(ctx: PlanContext, server: ConnectedServer, module: SourceModule, connects: Array<{ module: SourceModule; call: Path<t.CallExpression> }>): ConnectedServer | undefined {
  const declarator = server.origin?.at.parentPath;
  const id = declarator?.isVariableDeclarator() ? (declarator.node as AnyNode).id : undefined;
  const local = server.origin?.module === module && id?.type === 'Identifier' ? module.scope.getBinding(id.name) : undefined;
  if (local && local.path.node === declarator?.node) return { ...server, binding: local, module, read: server.origin?.at as Path };
  const first = connects[0] as (typeof connects)[number];
  const made = server.origin ? ` (made in ${relativeName(module, server.origin.module)})` : '';
  ctx.block(first.module, first.call, `\`${ctx.tx.at(first.module).text(first.call.node)}\` connects once at start-up the server whose requests ${relativeName(first.module, module)} handles, but that module cannot reach the server's builder${made}; build the server and transport per request there by hand`, RULES.sharedStatelessTransport);
  return undefined;
}

/** `transport.close()` with no arguments: the call. */
function closeCall(ref: Path): Path | undefined {
  const member = ref.parentPath as Path;
  const call = member.parentPath as Path;
  if (memberKey(member.node as AnyNode) !== 'close' || (member.node as AnyNode).object !== ref.node) return undefined;
  if ((call.node as AnyNode).type !== 'CallExpression' || (call.node as AnyNode).callee !== member.node || (call.node as AnyNode).arguments.length > 0) return undefined;
  return call;
}

function describeTransportUse(ref: Path, name: string): string {
  const method = memberKey(ref.parentPath?.node as AnyNode);
  if (method === 'close') return `\`${name}.close()\` closes the old shared transport; each request's transport now closes with its response`;
  const parent = ref.parentPath?.node as AnyNode;
  if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration' || parent?.type === 'ExportNamedDeclaration') {
    return `the shared transport \`${name}\` is exported, so other modules may connect or use it while this module's handlers use it too; create the transport (and its server) per request here and export a builder instead, by hand`;
  }
  return `the shared transport \`${name}\` is used outside a request; create a transport per request by hand`;
}
