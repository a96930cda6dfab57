/*
 * Step: uses outside a connection, given a meaning per instance. Where each instance
 * lives as long as a session or stream (or closes with its request), a shutdown
 * `close()` closes every live instance, and a timer that talks to the server becomes
 * one per instance, cleared when it closes. Elsewhere they stay marked.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { unwrapped } from '../../scan/classes.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { isStatelessOptions } from '../../scan/transport-options.js';
import { Runs } from '../../scan/runs.js';
import { memberKey, type Trace } from '../../scan/flow.js';
import type { Builder, Factory, PlanContext } from '../context.js';
import { awaits as awaitsOutsideFunctions, configures } from '../configuration.js';
import { contains } from '../../scan/statements.js';

interface Lifecycle {
  live?: string;
  cleanups: string[];
  timers: AnyNode[];
}

const lifecycles = new WeakMap<Builder, Lifecycle>();

/** `server.close()` at shutdown -> close every live server. */
export function liveInstanceClose(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory): boolean {
  const call = read.parentPath?.parentPath as Path;
  if ((call?.node as AnyNode)?.type !== 'CallExpression' || (call.node as AnyNode).arguments.length > 0) return false;
  const name = (read.node as AnyNode).name as string;
  const live = liveSet(ctx, module, name, read.scope.getBinding(name), factory);
  if (!live) return false;
  closeEveryLive(ctx, module, call, live);
  return true;
}

/**
 * `transport.close()` at shutdown, of a stateless transport that became one per request:
 * each request's server closes its own transport, so closing every live server closes
 * every open transport, as the one close did before.
 */
export function liveTransportClose(ctx: PlanContext, module: SourceModule, call: Path, server: Binding, factory: Factory): boolean {
  const live = liveSet(ctx, module, server.identifier.name, server, factory);
  if (live) {
    closeEveryLive(ctx, module, call, live);
    return true;
  }
  // Nothing closes a request's server and transport (a web-standard handler): they are
  // dropped with the request, so no transport stays open for shutdown to close.
  const unbounded = factory.builder ? lifetime(ctx, factory) === 'unbounded' : lifetimeOfBinding(ctx, server) === 'unbounded';
  const statement = wholeStatement(call);
  if (!unbounded || !statement) return false;
  ctx.tx.at(module).remove(statement);
  ctx.absorb([statement]);
  return true;
}

/** `transport.close();`, `await transport.close();` or `void transport.close();` as a statement of its own. */
function wholeStatement(call: Path): Path | undefined {
  let current = call.parentPath as Path | null;
  const node = current?.node as AnyNode;
  if (node?.type === 'AwaitExpression' || (node?.type === 'UnaryExpression' && node.operator === 'void')) current = current?.parentPath ?? null;
  return current?.isExpressionStatement() && Array.isArray(current.container) ? current : undefined;
}

/** An expression for the live servers, read when the edits land. */
function liveSet(ctx: PlanContext, module: SourceModule, name: string, binding: Binding | undefined, factory: Factory): (() => string) | undefined {
  return factory.builder ? liveSetOfBuilder(ctx, module, name, factory) : liveSetOfCalls(ctx, module, binding, factory);
}

/** The close call becomes a close of every instance in the live set. */
function closeEveryLive(ctx: PlanContext, module: SourceModule, call: Path, servers: () => string): void {
  const edits = ctx.tx.at(module);
  edits.replace(call, () => (edits.statements(`Promise.all([...${servers()}].map((live) => live.close()))${edits.style.semi}`)[0] as AnyNode).expression);
  ctx.absorb([call]);
}

/** This plan writes the builder: it adds each server to the live set and takes it out in its `onclose`. */
function liveSetOfBuilder(ctx: PlanContext, module: SourceModule, name: string, factory: Factory): (() => string) | undefined {
  const builder = factory.builder as Builder;
  if (builder.local !== name) return undefined;
  if (lifetime(ctx, factory) === 'unbounded') return undefined;
  const lifecycle = lifecycleOf(ctx, module, builder, factory);
  if (!lifecycle) return undefined;
  const live = (lifecycle.live ??= ctx.tx.at(module).freeName(['liveServers', 'liveMcpServers', 'openServers']));
  return () => live;
}

interface CallTracking {
  live: string;
  track: string;
  /**
   * The name beside the server in a re-made destructuring that shutdown calls to clean
   * up (`cleanup`), with its key; `chained` when nothing else calls it, so each
   * server's cleanup also runs when that server closes.
   */
  cleanup?: { name: string; key: string; chained: boolean };
  /** The server's local name (and key, in a destructuring). */
  server: { name: string; key: string };
  /** Other names of a destructuring the tracking function declares for the timers. */
  values: Array<{ name: string; key: string }>;
  /** Timers that run per server (a destructuring's), cleared when it closes. */
  timers: Array<{ handle: string; clear: string; call: AnyNode; comments: AnyNode[] | undefined }>;
  /** Whether shutdown needs the live set (a close or a cleanup of every live server). */
  shutdown: boolean;
  /** The type of what the call returns (`ReturnType<typeof createServer>`), for timers that read the server's methods. */
  madeType?: string;
}

const trackedBindings = new WeakMap<PlanContext, Map<Binding, CallTracking>>();

/** The names the tracking function of a destructuring declares besides the ones the declaration gave. */
const TRACKING_LOCALS = new Set(['made', 'cleaned', 'cleanUpOnce', 'onclose']);

/**
 * The builder is not this plan's (an existing function, called again per connection):
 * its servers are tracked where the plan calls it. A small function beside the old
 * declaration adds each new server to the live set and chains its `onclose` to take it
 * out again, keeping whatever `onclose` the builder set. Every new server of the binding
 * must come from a call this plan writes in this module, so a server handed on to other
 * code (which then builds its own) keeps the marker. A destructuring made again
 * (`const { server, cleanup } = createServer()`) hands the function the whole value.
 */
function liveSetOfCalls(ctx: PlanContext, module: SourceModule, binding: Binding | undefined, factory: Factory): (() => string) | undefined {
  const tracking = trackingOfCalls(ctx, module, binding, factory);
  if (tracking) tracking.shutdown = true;
  // Read when the edits land: a cleanup found later makes the live set a map.
  return tracking && (() => (tracking.cleanup ? `${tracking.live}.keys()` : tracking.live));
}

function trackingOfCalls(ctx: PlanContext, module: SourceModule, binding: Binding | undefined, factory: Factory): CallTracking | undefined {
  if (!binding || !['const', 'let', 'var'].includes(binding.kind) || factory.module !== module) return undefined;
  const known = trackedBindings.get(ctx)?.get(binding);
  if (known) return known;
  const statement = binding.path.parentPath as Path;
  if (!Array.isArray(statement?.container) || (statement.node as AnyNode).type !== 'VariableDeclaration') return undefined;
  if (binding.referencePaths.some(handedOn)) return undefined;
  if (factory.declaration && TRACKING_LOCALS.has(binding.identifier.name)) return undefined;
  if (lifetimeOfBinding(ctx, binding) === 'unbounded') return undefined;
  const edits = ctx.tx.at(module);
  const live = edits.freeName(['liveServers', 'liveMcpServers', 'openServers']);
  const track = edits.freeName(['keepLive', 'trackLiveServer', 'keepLiveServer']);
  const tracking: CallTracking = { live, track, server: { name: binding.identifier.name, key: factory.declaration?.key ?? '' }, values: [], timers: [], shutdown: false };
  // Written when the edits land: a cleanup or a timer may still join it.
  edits.insertBefore(statement, () => (factory.declaration ? trackDestructured(edits, factory, tracking) : edits.statements(trackServer(edits.style, factory, tracking))));
  factory.track = track;
  let map = trackedBindings.get(ctx);
  if (!map) trackedBindings.set(ctx, (map = new Map()));
  map.set(binding, tracking);
  return tracking;
}

type Edits = ReturnType<PlanContext['tx']['at']>;
type Style = Edits['style'];

function serverShape(factory: Factory): { hook: (server: string) => string; shape: string } {
  const mcp = factory.cls.name === 'McpServer';
  return {
    hook: (server) => (mcp ? `${server}.server.onclose` : `${server}.onclose`),
    shape: mcp ? '{ close(): Promise<unknown>; server: { onclose?: () => void } }' : '{ close(): Promise<unknown>; onclose?: () => void }',
  };
}

function trackServer({ semi, indent: i, typescript }: Style, factory: Factory, { live, track }: CallTracking): string {
  const { hook, shape } = serverShape(factory);
  return [
    `const ${live} = new Set${typescript ? '<{ close(): Promise<unknown> }>' : ''}()${semi}`,
    ``,
    `/** Keeps a server in \`${live}\` while it is open, so that shutdown can close every open one. */`,
    `function ${track}${typescript ? `<S extends ${shape}>(server: S): S` : '(server)'} {`,
    `${i}${live}.add(server)${semi}`,
    `${i}const onclose = ${hook('server')}${semi}`,
    `${i}${hook('server')} = () => {`,
    `${i}${i}${live}.delete(server)${semi}`,
    `${i}${i}onclose?.()${semi}`,
    `${i}}${semi}`,
    `${i}return server${semi}`,
    `}`,
  ].join('\n');
}

/**
 * The same for a destructuring made again: the function takes the whole value the call
 * returns, and names the server and the other values it needs as the declaration did.
 * With a cleanup that shutdown calls, the live set is a map from each server to its
 * cleanup, wrapped to run once (at shutdown, or when the server closes, whichever comes
 * first: a cleanup that closes its own server re-enters `onclose`). A timer that was
 * beside the declaration runs per server, from the moment it is made until it closes.
 */
function trackDestructured(edits: Edits, factory: Factory, tracking: CallTracking): AnyNode[] {
  const { semi, indent: i, typescript } = edits.style;
  const { live, track, cleanup, timers, server } = tracking;
  const { hook, shape } = serverShape(factory);
  const key = (factory.declaration as NonNullable<Factory['declaration']>).key;
  const keys = [`${key}: ${shape}`, ...(cleanup ? [`${cleanup.key}: () => unknown`] : [])];
  // A timer reads the server's own methods: the parameter has the call's own type then.
  const made = !typescript ? '(made)' : tracking.madeType ? `(made: ${tracking.madeType}): ${tracking.madeType}` : `<T extends { ${keys.join('; ')} }>(made: T): T`;
  const locals = [server, ...(cleanup ? [{ name: cleanup.name, key: cleanup.key }] : []), ...tracking.values.filter((value) => value.name !== cleanup?.name)];
  const shutdown = tracking.shutdown;
  const kept = shutdown ? ` in \`${live}\` while it is open${cleanup ? `, with its \`${cleanup.key}\` (run once: ${cleanup.chained ? 'when the server closes or at shutdown, whichever comes first' : 'at shutdown, while the server is open'})` : ', so that shutdown can close every open one'}` : '';
  const timed = timers.length > 0 ? `${shutdown ? ';' : ''} runs ${timers.length === 1 ? 'a timer' : 'timers'} for it until it closes` : '';
  const code = [
    ...(shutdown ? [`const ${live} = new ${cleanup ? 'Map' : 'Set'}${typescript ? (cleanup ? '<{ close(): Promise<unknown> }, () => Promise<unknown>>' : '<{ close(): Promise<unknown> }>') : ''}()${semi}`, ``] : []),
    `/** ${shutdown ? `Keeps each \`${key}\`${kept}` : `For each \`${key}\`:`}${timed}. */`,
    `function ${track}${made} {`,
    ...locals.map((local) => `${i}const ${local.name} = made.${local.key}${semi}`),
    ...(cleanup
      ? [`${i}let cleaned${typescript ? ': Promise<unknown> | undefined' : ''}${semi}`, `${i}const cleanUpOnce = () => (cleaned ??= Promise.resolve().then(${cleanup.name}))${semi}`]
      : []),
    ...(shutdown ? [cleanup ? `${i}${live}.set(${server.name}, cleanUpOnce)${semi}` : `${i}${live}.add(${server.name})${semi}`] : []),
    ...timers.map((timer) => `${i}const ${timer.handle} = 0${semi}`),
    `${i}const onclose = ${hook(server.name)}${semi}`,
    `${i}${hook(server.name)} = () => {`,
    ...timers.map((timer) => `${i}${i}${timer.clear}(${timer.handle})${semi}`),
    ...(shutdown ? [`${i}${i}${live}.delete(${server.name})${semi}`] : []),
    `${i}${i}onclose?.()${semi}`,
    ...(cleanup?.chained ? [`${i}${i}cleanUpOnce().catch((error) => console.error(error))${semi}`] : []),
    `${i}}${semi}`,
    `${i}return made${semi}`,
    `}`,
  ].join('\n');
  const nodes = edits.statements(code);
  // Each timer's own call, where the snippet declares its handle.
  const fn = nodes.find((node) => node.type === 'FunctionDeclaration');
  for (const timer of timers) {
    const declaration = (fn?.body.body as AnyNode[]).find((statement) => statement.type === 'VariableDeclaration' && statement.declarations[0].id.name === timer.handle);
    if (!declaration) continue;
    declaration.declarations[0].init = timer.call;
    // The snippet's positions describe other text: printed from scratch, around the original call.
    declaration.loc = null;
    declaration.declarations[0].loc = null;
    declaration.comments = timer.comments;
  }
  return nodes;
}

/**
 * `setInterval(() => server.sendLoggingMessage(...), ms)` beside a destructuring made
 * again per connection -> the timer runs per server (in the tracking function, which
 * names the server and the other values as the declaration did) and is cleared when that
 * server closes. Only a timer statement at the declaration's own level, reading the
 * server and the declaration's other names, nothing the tracking function declares.
 */
export function timerPerCall(ctx: PlanContext, module: SourceModule, read: Path, timer: Path, server: Binding, factory: Factory): boolean {
  const declaration = factory.declaration;
  if (!declaration || factory.builder) return false;
  const statement = timer.parentPath;
  const declared = server.path.parentPath as Path;
  if (!statement?.isExpressionStatement() || statement.node.expression !== timer.node || statement.container !== declared?.container) return false;
  if (awaitsOutsideFunctions(statement.node) || lifetimeOfBinding(ctx, server) !== 'session') return false;
  const values: Array<{ name: string; key: string }> = [];
  for (const sibling of declaration.siblings) {
    if (!sibling.referencePaths.some((ref) => contains(statement, ref))) continue;
    const key = propertyKey(sibling);
    if (!key) return false;
    values.push({ name: sibling.identifier.name, key });
  }
  // The tracking function's own names would hide what the timer reads.
  const own = TRACKING_LOCALS;
  let hidden = false;
  statement.traverse({
    Identifier(path) {
      if (own.has(path.node.name) && (path as Path).isReferencedIdentifier()) hidden = true;
    },
  });
  if (hidden || [server.identifier.name, ...values.map((value) => value.name)].some((name) => own.has(name))) return false;
  const madeType = module.typescript ? returnTypeOf(ctx, module, server, factory) : undefined;
  if (module.typescript && !madeType) return false;
  const tracking = trackingOfCalls(ctx, module, server, factory);
  if (!tracking) return false;
  if (madeType) tracking.madeType = madeType;
  const edits = ctx.tx.at(module);
  const call = timer.node as AnyNode;
  for (const value of values) if (!tracking.values.some((known) => known.name === value.name)) tracking.values.push(value);
  tracking.timers.push({
    handle: edits.freeName([`${server.identifier.name}Timer`, `${server.identifier.name}Interval`]),
    clear: call.callee.name === 'setInterval' ? 'clearInterval' : 'clearTimeout',
    call,
    comments: (statement.node as AnyNode).comments,
  });
  edits.remove(statement);
  ctx.absorb([statement]);
  return true;
}

/** `ReturnType<typeof createServer>` (awaited for an awaited call), when the callee is a name or a chain of names. */
function returnTypeOf(ctx: PlanContext, module: SourceModule, server: Binding, factory: Factory): string | undefined {
  const init = (server.path.node as AnyNode).init;
  const call = unwrapped(init);
  if (call?.type !== 'CallExpression') return undefined;
  const names = (node: AnyNode): boolean => node.type === 'Identifier' || (node.type === 'MemberExpression' && !node.computed && names(node.object) && node.property.type === 'Identifier');
  if (!names(call.callee)) return undefined;
  const type = `ReturnType<typeof ${ctx.tx.at(module).text(call.callee)}>`;
  return factory.async ? `Awaited<${type}>` : type;
}

/**
 * `await cleanup()` at shutdown, where `cleanup` came with the server from one call
 * that is now made per connection -> the cleanup of every live server. The servers
 * are tracked with their cleanups; when shutdown is the only caller, each one's
 * cleanup also runs when it closes, so a connection that ends stops what its call
 * started (a timer), as shutdown did for the one server before.
 */
export function liveCleanup(ctx: PlanContext, module: SourceModule, read: Path, server: Binding, factory: Factory): boolean {
  const declaration = factory.declaration;
  const name = (read.node as AnyNode).name as string;
  const sibling = declaration?.siblings.find((candidate) => candidate.identifier.name === name && read.scope.getBinding(name) === candidate);
  if (!declaration || !sibling || !isCleanupCall(read) || TRACKING_LOCALS.has(name)) return false;
  const key = propertyKey(sibling);
  if (!key) return false;
  const tracking = trackingOfCalls(ctx, module, server, factory);
  if (!tracking) return false;
  tracking.shutdown = true;
  // One cleanup per server: a second name called at shutdown stays marked.
  if (tracking.cleanup && tracking.cleanup.name !== name) return false;
  // Reads in code that connects took the new declaration (absorbed): those call it themselves.
  tracking.cleanup ??= { name, key, chained: sibling.referencePaths.every((ref) => isCleanupCall(ref) && !ctx.isAbsorbed(ref)) };
  const edits = ctx.tx.at(module);
  const call = read.parentPath as Path;
  edits.replace(call, () => (edits.statements(`Promise.all([...${tracking.live}.values()].map((cleanUp) => cleanUp()))${edits.style.semi}`)[0] as AnyNode).expression);
  ctx.absorb([call]);
  return true;
}

/** `cleanup()` with nothing handed in, as a statement of its own, awaited, voided or in a list. */
function isCleanupCall(read: Path): boolean {
  const call = read.parentPath;
  const node = call?.node as AnyNode;
  if (node?.type !== 'CallExpression' || node.callee !== read.node || node.arguments.length > 0) return false;
  const parent = call?.parentPath?.node as AnyNode;
  return parent?.type === 'ExpressionStatement' || parent?.type === 'AwaitExpression' || parent?.type === 'ArrayExpression' || (parent?.type === 'UnaryExpression' && parent.operator === 'void');
}

/** The key of the destructuring property that declares this binding (`cleanup` in `{ cleanup }` or `{ cleanup: stop }`). */
function propertyKey(binding: Binding): string | undefined {
  const property = binding.path.parentPath?.node as AnyNode;
  const declared = binding.path.node as AnyNode;
  if (declared?.type === 'Identifier' && property?.type === 'ObjectProperty' && property.key.type === 'Identifier') return property.key.name;
  // The binding's path is the declarator: find the property whose value is this name.
  const pattern = declared?.type === 'VariableDeclarator' ? declared.id : undefined;
  const match = (pattern?.properties as AnyNode[] | undefined)?.find((candidate) => candidate.type === 'ObjectProperty' && candidate.value.type === 'Identifier' && candidate.value.name === binding.identifier.name);
  return match?.key.type === 'Identifier' ? match.key.name : undefined;
}

/** A reference passed to other code as an argument: that code may build servers of its own. */
function handedOn(ref: Path): boolean {
  const parent = ref.parentPath?.node as AnyNode;
  return (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(ref.node);
}

/** `setInterval(() => server.sendX(), ms)` beside the server -> one timer per server, cleared on close. */
export function timerPerInstance(ctx: PlanContext, module: SourceModule, read: Path, timer: Path, factory: Factory): boolean {
  const builder = factory.builder;
  if (!builder || builder.local !== (read.node as AnyNode).name) return false;
  const statement = timer.parentPath;
  if (!statement?.isExpressionStatement() || statement.node.expression !== timer.node) return false;
  // Beside the server's declaration (the builder's own level), and not awaiting anything.
  if (statement.container !== builder.list || awaitsOutsideFunctions(statement.node)) return false;
  if (lifetime(ctx, factory) !== 'session') return false;
  const lifecycle = lifecycleOf(ctx, module, builder, factory);
  if (!lifecycle) return false;
  const edits = ctx.tx.at(module);
  const call = timer.node as AnyNode;
  const handle = edits.freeName([`${builder.local}Timer`, `${builder.local}Interval`]);
  const clear = call.callee.name === 'setInterval' ? 'clearInterval' : 'clearTimeout';
  edits.remove(statement);
  ctx.absorb([statement]);
  builder.tail.push(() => {
    const [declarationNode] = edits.statements(`const ${handle} = 0${edits.style.semi}`) as [AnyNode];
    declarationNode.declarations[0].init = call;
    // The snippet's positions describe other text: printed from scratch, around the original call.
    declarationNode.loc = null;
    declarationNode.declarations[0].loc = null;
    declarationNode.comments = (statement.node as AnyNode).comments;
    return [declarationNode];
  });
  lifecycle.cleanups.push(`${clear}(${handle})${edits.style.semi}`);
  return true;
}

/** One `onclose` per builder for every cleanup: the timers it clears and the live set it leaves. */
function lifecycleOf(ctx: PlanContext, module: SourceModule, builder: Builder, factory: Factory): Lifecycle | undefined {
  const known = lifecycles.get(builder);
  if (known) return known;
  // A user's own `onclose` on the server would be replaced by ours.
  const userHook = builder.moved.find((path) => {
    const node = path.node as AnyNode;
    return node.type === 'ExpressionStatement' && node.expression.type === 'AssignmentExpression' && memberKey(node.expression.left) === 'onclose' && configures(node, builder.local);
  });
  if (userHook) {
    ctx.block(module, userHook, `\`onclose\` is set here, and the timers or shutdown code of \`${builder.local}\` need it per server; move them by hand`);
    return undefined;
  }
  const lifecycle: Lifecycle = { cleanups: [], timers: [] };
  lifecycles.set(builder, lifecycle);
  const edits = ctx.tx.at(module);
  const { semi, indent } = edits.style;
  const hookTarget = factory.cls.name === 'McpServer' ? `${builder.local}.server` : builder.local;
  builder.before.push(() => {
    if (!lifecycle.live) return [];
    const type = edits.style.typescript ? `<${factory.cls.name === 'McpServer' || factory.cls.name === 'Server' ? creationCalleeText(builder, edits) : factory.cls.name}>` : '';
    return edits.statements(`const ${lifecycle.live} = new Set${type}()${semi}`);
  });
  builder.finish = () => {
    const lines: string[] = [];
    if (lifecycle.live) lines.push(`${lifecycle.live}.add(${builder.local})${semi}`);
    const cleanups = [...lifecycle.cleanups, ...(lifecycle.live ? [`${lifecycle.live}.delete(${builder.local})${semi}`] : [])];
    if (cleanups.length > 0) lines.push(`${hookTarget}.onclose = () => {`, ...cleanups.map((line) => `${indent}${line}`), `}${semi}`);
    return lines.length > 0 ? edits.statements(lines.join('\n')) : [];
  };
  return lifecycle;
}

function creationCalleeText(builder: Builder, edits: { text(node: AnyNode): string }): string {
  const creation = builder.creation ? unwrapped(builder.creation.node) : undefined;
  return creation?.type === 'NewExpression' ? edits.text(creation.callee) : 'McpServer';
}

/**
 * How long each instance lives: as long as a session or stream (or one stdio
 * client), closed with its request, or unbounded (a stateless server nobody closes,
 * which a live set would only pile up).
 */
function lifetime(ctx: PlanContext, factory: Factory): 'session' | 'request' | 'unbounded' {
  const builder = factory.builder;
  if (!builder) return 'unbounded';
  return lifetimeOfConnects(ctx, (trace) => trace.origin.kind === 'created' && Boolean(builder.creation) && trace.origin.at.node === unwrapped((builder.creation as Path).node));
}

/** The same, for the connects of a server a binding held (every connect that read it). */
function lifetimeOfBinding(ctx: PlanContext, binding: Binding): 'session' | 'request' | 'unbounded' {
  return lifetimeOfConnects(ctx, (trace) => trace.steps.some((step) => step.kind === 'read' && step.binding === binding));
}

function lifetimeOfConnects(ctx: PlanContext, ofServer: (trace: Trace) => boolean): 'session' | 'request' | 'unbounded' {
  let result: 'session' | 'request' = 'session';
  let any = false;
  for (const site of ctx.model.sites) {
    if (site.kind !== 'connect') continue;
    if (!site.serverTraces.some(ofServer)) continue;
    any = true;
    const transport = site.transportTraces.find((trace) => trace.origin.kind === 'created')?.origin as { cls?: { transport?: string; name: string }; at?: Path<t.NewExpression> } | undefined;
    const cls = transport?.cls;
    if (cls?.transport === 'stdio' || cls?.transport === 'sse') continue;
    if (cls?.transport === 'http' && transport?.at && !isStatelessOptions(transport.at.node.arguments[0])) continue;
    // Stateless: fine when the handler closes what it opened (`res.on('close', ...)`).
    if (closesInHandler(site.call)) {
      result = 'request';
      continue;
    }
    if (cls?.name === 'StreamableHTTPServerTransport' && ctx.isAbsorbed(site.call)) {
      result = 'request';
      continue;
    }
    return 'unbounded';
  }
  return any ? result : 'unbounded';
}

function closesInHandler(call: Path): boolean {
  const fn = Runs.enclosing(call);
  const arg = unwrapped((call.node as AnyNode).arguments?.[0]);
  const receiver = unwrapped((call.node as AnyNode).callee?.object);
  if (!fn || arg?.type !== 'Identifier') return false;
  let found = false;
  fn.traverse({
    CallExpression(path) {
      const callee = path.node.callee as AnyNode;
      const object = unwrapped(callee.object);
      if (memberKey(callee) === 'close' && object?.type === 'Identifier' && (object.name === arg.name || object.name === receiver?.name)) found = true;
    },
  });
  return found;
}
