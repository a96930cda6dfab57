/*
 * Step: a new instance handed straight to the function that connects it. In code that
 * runs per connection, `serve(server, req, res)` passes the shared server on to a
 * function that connects it; the argument becomes the factory's call,
 * `serve(createMcpServer(), req, res)`, so each run hands over a server of its own.
 * This needs no statement to hold a local, so it also fits an arrow whose body is an
 * expression (`(req, res) => serve(server, req, res)`). A once-only entry that hands the
 * server to a function connecting it (`startStdio(server)`) gets one server of its own
 * the same way. Only when the function connects
 * a transport it makes on that call: a session's transport kept across requests must
 * not get a new server on each request.
 */
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { Factory, PlanContext } from '../context.js';
import { carriesToConnect } from '../../scan/connect-arguments.js';
import type { ConnectSite } from '../../scan/sites.js';
import { connectOncePerTransport } from './once-per-transport.js';

/** True when the read is taken care of: rewritten, or blocked with the reason it cannot be. */
export function freshArgument(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory): boolean {
  if (!handedToConnect(read)) return false;
  const perConnection = ctx.model.runs.repeatingScope(read, module) !== undefined;
  if (!freshTransportsAt(ctx, read)) {
    if (!perConnection) return false;
    // A helper that only connects: called once per transport, with a server of its own.
    if (connectOncePerTransport(ctx, module, read, factory, sitesReached(ctx, read))) return true;
    const name = (read.node as AnyNode).name ?? 'the server';
    ctx.block(module, read, `\`${name}\` is handed to a function that connects it, on every request, to a transport not made for that request (one kept across requests, such as a session's); connect a new server once per transport, when it is created, instead of on each request`, RULES.sharedServer);
    return true;
  }
  // An awaited factory would need an async function around the call: a local does that better.
  if (factory.async) return false;
  if (factory.scope && !read.findParent((path) => path.node === factory.scope?.node)) return false;
  const edits = ctx.tx.at(module);
  edits.replace(read, () => {
    const call = edits.expression(factory.call);
    // Parsed from `(call);`: it takes the argument's place without the parentheses.
    if (call.extra) call.extra = { ...call.extra, parenthesized: false };
    return call;
  });
  ctx.absorb([read]);
  return true;
}

/** The connects whose server is this argument. */
function sitesReached(ctx: PlanContext, read: Path): ConnectSite[] {
  return ctx.model.sites.filter((site): site is ConnectSite => site.kind === 'connect' && site.serverTraces.some((trace) => trace.steps.some((step) => step.kind === 'argument' && step.arg.node === read.node)));
}

/** Whether `read` is a call argument whose value some connect receives as its server. */
function handedToConnect(read: Path): boolean {
  const parent = read.parentPath?.node as AnyNode;
  if ((parent?.type !== 'CallExpression' && parent?.type !== 'OptionalCallExpression') || !parent.arguments.includes(read.node)) return false;
  return carriesToConnect(read.node);
}

/**
 * Whether every connect the argument reaches connects a transport made for that call.
 * A transport kept across requests (a session's, looked up per request) must be
 * connected once, not to a new server on every request: that is not this step.
 */
function freshTransportsAt(ctx: PlanContext, read: Path): boolean {
  const sites = sitesReached(ctx, read);
  return sites.length > 0 && sites.every((site) => {
    if (site.kind !== 'connect' || site.transportTraces.length === 0) return false;
    return site.transportTraces.every((trace) => trace.origin.kind === 'created' && trace.steps.every((step) => step.kind !== 'read' || !ctx.model.runs.crossing(step.ref, step.binding, step.module)));
  });
}
