/*
 * Step: connect once per transport. A handler hands the server, on every request, to a
 * helper whose only job is to connect it (`await join(server, transport)`), with a
 * session's transport kept across requests; the helper swallows the repeat (a catch
 * for "already started") or the code relies on it failing quietly. Calling the builder
 * there would build a new server on every request of a session, and point the session's
 * transport at it. The call goes under a guard keyed by the transport instead, marked
 * before the await so a second request of the same session cannot start a second
 * connect:
 *
 *   if (!connectedTransports.has(transport)) {
 *     connectedTransports.add(transport);
 *     await join(createMcpServer(), transport);
 *   }
 *
 * One set per module, shared by every handler of the plan in it (a POST and a GET
 * handler see the same session's transport); handlers in several modules would each
 * keep a set of their own, so that is left to a person.
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { ConnectSite } from '../../scan/sites.js';
import { bare } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';
import { connectGuard } from '../guards.js';

const sets = new WeakMap<PlanContext, Map<SourceModule, string>>();

/** True when the call handing `read` to a connecting helper is now guarded per transport. */
export function connectOncePerTransport(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory, sites: ConnectSite[]): boolean {
  const call = read.parentPath as Path;
  const statement = statementHolding(call);
  if (!statement || factory.async) return false;
  if (factory.scope && !read.findParent((path) => path.node === factory.scope?.node)) return false;
  // The helper only connects: skipping it on later requests skips nothing else.
  const transport = transportArgument(call, read, sites);
  if (!transport) return false;
  const edits = ctx.tx.at(module);
  let modules = sets.get(ctx);
  if (!modules) sets.set(ctx, (modules = new Map()));
  if (modules.size > 0 && !modules.has(module)) return false;
  let set = modules.get(module);
  if (!set) {
    const name = edits.freeName(['connectedTransports', 'joinedTransports', 'connectedTransportSet']);
    modules.set(module, name);
    set = name;
    const type = module.typescript ? '<object>' : '';
    const make = () => edits.statements(`// Each transport is connected once, to a server of its own, by its first request.\nconst ${name} = new WeakSet${type}()${edits.style.semi}`);
    const imports = module.paths('ImportDeclaration');
    const last = imports[imports.length - 1];
    if (last) edits.insertAfter(last, make);
    else edits.insertBefore((module.program.get('body') as unknown as Path[])[0] as Path, make);
  }
  // The call written again from its parts, with the factory's call in the server's place.
  const callNode = call.node as AnyNode;
  const args = (callNode.arguments as AnyNode[]).map((arg) => (arg === read.node ? factory.call : edits.text(arg))).join(', ');
  const awaited = (statement.node as AnyNode).expression.type === 'AwaitExpression' ? 'await ' : '';
  const original = `${awaited}${edits.text(callNode.callee)}(${args})${edits.style.semi}`;
  const name = set;
  const indent = edits.style.indent;
  edits.replace(statement, () => edits.statements(`if (!${name}.has(${transport})) {\n${indent}${name}.add(${transport})${edits.style.semi}\n${indent}${original}\n}`)[0] as AnyNode);
  ctx.absorb([read]);
  return true;
}

/** The expression statement the call makes up on its own (`await join(...)`, `join(...)`). */
function statementHolding(call: Path): Path | undefined {
  let current: Path = call;
  while (current.parentPath && /^(AwaitExpression|ParenthesizedExpression)$/.test(current.parentPath.node.type)) current = current.parentPath;
  return current.parentPath?.isExpressionStatement() ? current.parentPath : undefined;
}

/**
 * The name this call passes as the transport every connect receives (the helper's
 * parameter), when the function called holds nothing but that connect (alone, or
 * inside its connect-once guard).
 */
function transportArgument(call: Path, read: Path, sites: ConnectSite[]): string | undefined {
  let found: string | undefined;
  for (const site of sites) {
    const serverStep = site.serverTraces.flatMap((trace) => trace.steps).find((step) => step.kind === 'argument' && step.arg.node === read.node);
    if (serverStep?.kind !== 'argument' || !onlyConnects(serverStep.fn, site)) return undefined;
    // The transport the connect receives is the helper's parameter: this call's argument at its place.
    const transport = site.transport ? bare(site.transport.node as AnyNode) : undefined;
    const binding = transport?.type === 'Identifier' ? site.transport?.scope.getBinding(transport.name) : undefined;
    const index = binding?.kind === 'param' ? ((serverStep.fn.node as AnyNode).params as AnyNode[]).indexOf(binding.path.node) : -1;
    if (!binding || binding.constantViolations.length > 0 || index < 0) return undefined;
    const arg = bare(((call.node as AnyNode).arguments as AnyNode[])[index]);
    if (arg?.type !== 'Identifier' || (found !== undefined && found !== arg.name)) return undefined;
    found = arg.name;
  }
  return found;
}

/** Whether the function's body is the connect statement, or the guard around it, and nothing else. */
function onlyConnects(fn: Path, site: ConnectSite): boolean {
  const body = (fn.node as AnyNode).body;
  if (body?.type !== 'BlockStatement') return bare(body) === site.call.node || (body?.type === 'AwaitExpression' && bare(body.argument) === site.call.node);
  const guard = connectGuard(site.call);
  const statements = body.body as AnyNode[];
  if (statements.length !== 1) return false;
  const only = statements[0];
  if (guard && only === guard.guard.node) return true;
  if (only.type === 'TryStatement' && only.block.body.length === 1 && holdsCall(only.block.body[0], site.call.node)) return true;
  return holdsCall(only, site.call.node);
}

function holdsCall(statement: AnyNode, call: AnyNode): boolean {
  if (statement?.type !== 'ExpressionStatement') return false;
  const expression = bare(statement.expression);
  return expression === call || (expression?.type === 'AwaitExpression' && bare(expression.argument) === call);
}
