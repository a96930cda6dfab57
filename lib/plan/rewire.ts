/*
 * Once a binding has a factory, every use of it that no step took care of is
 * rewired, code that runs per connection first. Uses are grouped by the code that
 * runs them: code that connects gets its own instance (one per connection, or one
 * for a once-only entry such as stdio); a shutdown `close()` closes the live
 * instances; a timer becomes one per instance; anything else is a blocker, marked.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../findings.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import { type FunctionPath, Runs } from '../scan/runs.js';
import { statementOf, contains, lineOf } from '../scan/statements.js';
import type { Factory, PlanContext } from './context.js';
import { connectGuard } from './guards.js';
import { declareFresh } from './steps/fresh-local.js';
import { freshArgument } from './steps/fresh-argument.js';
import { unreadParameter } from './steps/unread-parameter.js';
import { liveCleanup, liveInstanceClose, timerPerCall, timerPerInstance } from './steps/live-servers.js';
import { moveOncloseBeforeConnect } from './steps/onclose.js';
import { moveLateConfiguration } from './steps/late-configuration.js';
import { escapingHook, openingBranch, sessionServerLookup, splitReads } from './steps/session-servers.js';
import { hookSetOnce, keepStartupInstance } from './steps/startup-instance.js';
import { handedToConnect, inTimer, useOf } from './uses.js';
import { keepsReturnedHandle, markReturnedHandle, returnedToCaller, storedField } from './steps/returned-handle.js';

const rewired = new WeakMap<PlanContext, Set<Binding>>();

export function rewireBinding(ctx: PlanContext, binding: Binding, module: SourceModule, factory: Factory): void {
  let done = rewired.get(ctx);
  if (!done) rewired.set(ctx, (done = new Set()));
  if (done.has(binding)) return;
  done.add(binding);
  // Later: every other step of the plan may still take some of these references.
  ctx.later.push(() => rewire(ctx, binding, module, factory));
}

function rewire(ctx: PlanContext, binding: Binding, module: SourceModule, factory: Factory): void {
  const name = binding.identifier.name;
  const runs = ctx.model.runs;
  const groups = new Map<FunctionPath | undefined, Path[]>();
  for (const ref of binding.referencePaths) {
    if (ctx.isAbsorbed(ref)) continue;
    // Set-up a once-only function does on the shared server belongs to every new one.
    if (!runs.repeatingScope(ref, module) && unconditional(ref) && moveLateConfiguration(ctx, module, ref, binding, factory)) continue;
    const context = runs.crossing(ref, binding, module) ?? Runs.enclosing(ref);
    const list = groups.get(context) ?? [];
    list.push(ref);
    groups.set(context, list);
  }
  const connectionContexts: Array<{ context: FunctionPath | undefined; reads: Path[] }> = [];
  let others: Path[] = [];
  for (const [context, reads] of groups) {
    // A read handed to a function that connects it (`startStdio(server)`) connects too.
    // Per request, such a call takes a new server as its argument instead (steps/fresh-argument.ts).
    if (reads.some((read) => useOf(read) === 'connect' || (handedToConnect(ctx.model, read) && !ctx.model.runs.repeatingScope(read, module)))) connectionContexts.push({ context, reads });
    else others.push(...reads);
  }
  // The other names of a destructuring made again: read where it is made again, they get its new values.
  const siblingReads = siblingsByContext(ctx, module, factory);
  for (const [context, reads] of [...siblingReads]) {
    if (connectionContexts.some((connection) => connection.context === context)) continue;
    const outer = connectionContexts.find((connection) => nestedIn(context, connection.context));
    if (!outer) continue;
    siblingReads.delete(context);
    siblingReads.set(outer.context, [...(siblingReads.get(outer.context) ?? []), ...reads]);
  }
  // Hooks start-up code points at the server it connected once keep a start-up instance.
  const startupHooks = others.filter((read) => hookSetOnce(ctx, module, read));
  const startup = keepStartupInstance(ctx, module, binding, factory, startupHooks, connectionContexts);
  if (startup) others = others.filter((read) => !startupHooks.includes(read));
  for (const { context, reads } of connectionContexts) {
    // Connected once, at start-up: the start-up instance is shared by nobody.
    if (startup && reads.every((read) => !runs.repeatingScope(read, module))) continue;
    const connects = reads.filter((read) => useOf(read) === 'connect').map((read) => read.parentPath?.parentPath as Path);
    // Insertions before one statement land in the order they are planned: onclose, server, connect.
    for (const call of connects) moveOncloseBeforeConnect(ctx, module, call);
    const guard = firstGuard(reads);
    let fresh = reads;
    let session: { context: FunctionPath; branch: Path; reads: Path[] } | undefined;
    if (context && !guard) {
      // Callbacks written in the handler run for its request or session too.
      const nested = others.filter((read) => contains(context, read) && !connectionContexts.some((other) => other.context !== context && other.context && contains(other.context, read) && contains(context, other.context)));
      const branch = openingBranch(context, connects);
      const split = splitReads(context, branch, reads, nested);
      // `console.log = (line) => server.sendLoggingMessage(...)` set after a connect: it
      // reaches the server of the connection that set it last, as it reached the shared
      // one before; the connects are fixed and the hook is left for a person to decide.
      for (const read of split.escaping) {
        const hook = escapingHook(read);
        if (!hook || (branch && !contains(branch, read))) continue;
        split.fresh.push(read);
        // A hook on the server itself (`server.onclose = ...`) becomes the new server's own.
        if (hook.split('.')[0] !== name) markEscapingHook(ctx, module, read, name);
      }
      const taken = new Set([...split.fresh, ...split.session].map((read) => read.node));
      others = others.filter((read) => !taken.has(read.node));
      fresh = split.fresh;
      if (branch && split.session.length > 0) session = { context, branch, reads: split.session };
    }
    const siblings = siblingReads.get(context) ?? [];
    siblingReads.delete(context);
    declareFresh(ctx, { module, reads: [...fresh, ...siblings], name, factory, context, before: guard });
    // After the new server's declaration: the map is filled right before its connect.
    if (session) sessionServerLookup(ctx, { module, ...session, connects, name, factory, binding });
    for (const call of connects) {
      // A connect-once guard around a connect would skip the new server's connect: it goes.
      const guard = connectGuard(call);
      if (guard && (guard.guard.node as AnyNode).type === 'IfStatement') {
        ctx.tx.at(module).insertBefore(guard.guard, () => [guard.connect.node]);
        ctx.tx.at(module).remove(guard.guard);
      }
    }
  }
  const blocked: Path[] = [];
  for (const read of others) {
    // Taken with its statement by a step for an earlier read (a timer).
    if (ctx.isAbsorbed(read)) continue;
    if (freshArgument(ctx, module, read, factory)) continue;
    if (unreadParameter(ctx, module, read, factory)) continue;
    switch (useOf(read)) {
      case 'close':
        if (liveInstanceClose(ctx, module, read, factory)) continue;
        break;
      case 'client':
      case 'other': {
        const timer = inTimer(read);
        if (timer && (timerPerInstance(ctx, module, read, timer, factory) || timerPerCall(ctx, module, read, timer, binding, factory))) continue;
        break;
      }
      default:
        break;
    }
    blocked.push(read);
  }
  // A server also returned to the caller stays the caller's handle, unconnected (steps/returned-handle.ts).
  const taken = binding.referencePaths.filter((ref) => !blocked.includes(ref));
  if (factory.keepOnce && keepsReturnedHandle(binding, blocked, taken)) markReturnedHandle(ctx, module, name, blocked, factory.keepOnce);
  else blockUses(ctx, module, name, blocked, connectionContexts.flatMap((connection) => connection.reads.filter((read) => useOf(read) === 'connect')));
  for (const reads of siblingReads.values()) {
    for (const read of reads) {
      if (ctx.isAbsorbed(read)) continue;
      // `await cleanup()` at shutdown: the cleanup of every live server.
      if (liveCleanup(ctx, module, read, binding, factory)) continue;
      const sibling = (read.node as AnyNode).name;
      ctx.block(module, read, `\`${sibling}\` comes with \`${name}\` from one call of \`${factory.declaration?.callee}\`, which is now made per connection, and it is used here, where no connection's value reaches; pass it the value of each connection by hand`, RULES.serverUsedOutsideRequest);
    }
  }
}

/**
 * The uses no step could give a meaning per connection. A server also returned to the
 * caller, when it cannot stay an unconnected handle (other uses block, or connection
 * code reads state stored on it), is named at the return and at each connect it serves.
 * State stored on it is not a blocker on its own (an unconnected handle would keep it),
 * so it gets no marker of its own then.
 */
function blockUses(ctx: PlanContext, module: SourceModule, name: string, blocked: Path[], connects: Path[]): void {
  const returns = blocked.filter(returnedToCaller);
  for (const read of blocked) {
    if (returns.length > 0 && storedField(read)) continue;
    const reason = returnedToCaller(read)
      ? `\`${name}\` is connected to every connection's transport and also returned to the caller as a handle; the rewrite cannot see what the caller does with it (close it at shutdown, read state stored on it, send through it). Give each connection its own server by hand: keeping \`${name}\` as an unconnected handle is safe only if nothing sends through it, and closing it then ends no connection, so shutdown must close each connection's server (or transport) too`
      : describeUse(read, name);
    ctx.block(module, read, reason, RULES.serverUsedOutsideRequest);
  }
  if (returns.length === 0) return;
  for (const read of connects) {
    ctx.block(module, read, `every connection connects the one server \`${name}\`, which is also returned to the caller as a handle; give each connection its own server by hand (see the marker where it is returned)`);
  }
}

/** Whether the function `inner` lies inside the function `outer`. */
function nestedIn(inner: FunctionPath | undefined, outer: FunctionPath | undefined): boolean {
  if (!inner || !outer) return false;
  for (let current: Path | null = inner.parentPath; current; current = current.parentPath) if (current.node === outer.node) return true;
  return false;
}

/** Reads of the other names a re-made destructuring declares, by the code that runs them. */
function siblingsByContext(ctx: PlanContext, module: SourceModule, factory: Factory): Map<FunctionPath | undefined, Path[]> {
  const groups = new Map<FunctionPath | undefined, Path[]>();
  for (const sibling of factory.declaration?.siblings ?? []) {
    for (const ref of sibling.referencePaths) {
      if (ctx.isAbsorbed(ref)) continue;
      const context = ctx.model.runs.crossing(ref, sibling, module) ?? Runs.enclosing(ref);
      const list = groups.get(context) ?? [];
      list.push(ref);
      groups.set(context, list);
    }
  }
  return groups;
}

/** A statement every run of its function reaches: no branch, loop or callback between them. */
function unconditional(ref: Path): boolean {
  for (let current = statementOf(ref)?.parentPath; current; current = current.parentPath) {
    const node = current.node as AnyNode;
    if (node.type === 'Program' || current.isFunction()) return true;
    if (node.type !== 'BlockStatement' && node.type !== 'TryStatement') return false;
    // The `catch` and `finally` blocks run only sometimes, or after the fact.
    if (node.type === 'TryStatement' && !contains(node.block, ref)) return false;
  }
  return false;
}

/** A connect-once `if` guard that goes: the new server is declared where the guard was. */
function firstGuard(reads: Path[]): Path | undefined {
  for (const read of reads) {
    if (useOf(read) !== 'connect') continue;
    const guard = connectGuard(read.parentPath?.parentPath as Path);
    if (guard && (guard.guard.node as AnyNode).type === 'IfStatement') return statementOf(guard.guard) ?? guard.guard;
  }
  return undefined;
}

/** A review marker on a hook of a process-wide object pointed at each connection's server; the fix still lands. */
function markEscapingHook(ctx: PlanContext, module: SourceModule, read: Path, name: string): void {
  const statement = statementOf(read) ?? read;
  const reason = `\`${escapingHook(read)}\` is pointed at each connection's \`${name}\` here, so everything the process writes there goes to whichever client connected last (as it did with the shared server); decide by hand which client (if any) should get it`;
  ctx.tx.at(module).mark(statement, reason);
  ctx.tx.fixed.push({ module, finding: { rule: RULES.serverUsedOutsideRequest, ...lineOf(statement.node as AnyNode), status: 'review', message: reason } });
}

function describeUse(ref: Path, name: string): string {
  const member = ref.parentPath?.node as AnyNode;
  const method = member && member.object === ref.node && !member.computed ? member.property?.name : undefined;
  if (method === 'close') return `\`${name}.close()\` closes the old shared server; close each per-connection server (or its transport) instead`;
  const hook = escapingHook(ref);
  if (hook) return `\`${hook}\` is pointed at \`${name}\` here, so everything the process writes there goes to whichever client connected last; with a server per session, decide by hand which client (if any) should get it`;
  if (method && /^(send|notification|request|createMessage|elicitInput|listRoots|ping)/.test(method)) {
    return `\`${name}.${method}(...)\` runs outside any request, so there is no single server to send it from after the rewrite; send it per session`;
  }
  if (inTimer(ref)) return `a timer uses the shared server \`${name}\`; make it per session and clear it when the session closes`;
  const parent = ref.parentPath?.node as AnyNode;
  if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') return `the shared server \`${name}\` is exported, so other modules may use it; export a builder instead`;
  if (parent?.type === 'ReturnStatement') return `the shared server \`${name}\` is returned to the caller, which may connect, use or close it later; after the rewrite each connection has its own server, so return what the caller needs (a builder, or what to close) by hand`;
  // `(server as X)._field = value`: state kept on the instance, read through the one shared server.
  if (storedField(ref)) {
    return `state is stored on the shared server \`${name}\` here for code outside the requests; after the rewrite each connection has its own server, so keep that state elsewhere by hand`;
  }
  return `the shared server \`${name}\` is used outside a request handler; give each connection its own server by hand`;
}
