/*
 * Step: uses outside a connection, given a meaning per instance. Where each instance
 * lives as long as a session or stream (or closes with its request), a shutdown
 * `close()` closes every live instance, and a timer that talks to the server becomes
 * one per instance, cleared when it closes. Elsewhere they stay marked.
 */
import type * as t from '@babel/types';
import { unwrapped } from '../../scan/classes.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { isStatelessOptions } from '../../scan/transport-options.js';
import { Runs } from '../../scan/runs.js';
import { memberKey } from '../../scan/flow.js';
import type { Builder, Factory, PlanContext } from '../context.js';
import { awaits as awaitsOutsideFunctions, configures } from '../configuration.js';

interface Lifecycle {
  live?: string;
  cleanups: string[];
  timers: AnyNode[];
}

const lifecycles = new WeakMap<Builder, Lifecycle>();

/** `server.close()` at shutdown -> close every live server. */
export function liveInstanceClose(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory): boolean {
  const builder = factory.builder;
  if (!builder || builder.local !== (read.node as AnyNode).name) return false;
  const call = read.parentPath?.parentPath as Path;
  if ((call?.node as AnyNode)?.type !== 'CallExpression' || (call.node as AnyNode).arguments.length > 0) return false;
  if (lifetime(ctx, factory) === 'unbounded') return false;
  const lifecycle = lifecycleOf(ctx, module, builder, factory);
  if (!lifecycle) return false;
  const edits = ctx.tx.at(module);
  lifecycle.live ??= edits.freeName(['liveServers', 'liveMcpServers', 'openServers']);
  const live = lifecycle.live;
  edits.replace(call, () => (edits.statements(`Promise.all([...${live}].map((live) => live.close()))${edits.style.semi}`)[0] as AnyNode).expression);
  ctx.absorb([call]);
  return true;
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
  let result: 'session' | 'request' = 'session';
  let any = false;
  for (const site of ctx.model.sites) {
    if (site.kind !== 'connect') continue;
    if (!site.serverTraces.some((trace) => trace.origin.kind === 'created' && builder.creation && trace.origin.at.node === unwrapped(builder.creation.node))) continue;
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
