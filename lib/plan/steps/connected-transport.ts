/*
 * Step: a transport that comes connected. A function builds a server and a stateless
 * transport, connects them and returns the transport; it is called once and the
 * transport serves every request. Each request calls the function again instead and
 * closes its transport when the response ends (closing the transport closes the
 * server connected to it). The path the transport took to the handler (a local, a
 * parameter every caller in the project passes) carries the function instead: the
 * same edges a server's factory travels (factories.ts, steps/parameters.ts).
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { Trace } from '../../scan/flow.js';
import { isStatelessOptions } from '../../scan/transport-options.js';
import { bare, contains, statementOf } from '../../scan/statements.js';
import { newInstance, type PlanContext } from '../context.js';
import { rewireBinding } from '../rewire.js';
import type { SharedUse } from '../shared.js';
import { factoryOfBinding } from '../factories.js';
import { requestUseOf, type TransportUse, transportPerRequest } from './request-transport.js';

/** Whether the binding holds a transport made elsewhere and handed here (a parameter, or a local from a call). */
export function comesConnected(binding: Binding): boolean {
  if (binding.kind === 'param') return true;
  const declarator = binding.path.node as AnyNode;
  return binding.path.isVariableDeclarator() && declarator.id.type === 'Identifier' && bareCall(declarator.init);
}

export function connectedTransport(ctx: PlanContext, binding: Binding, module: SourceModule, uses: SharedUse[]): void {
  const first = uses[0] as SharedUse;
  const name = binding.identifier.name;
  const origin = first.trace.origin as Extract<Trace['origin'], { kind: 'created' }>;
  const refuse = (why: string) => ctx.block(module, first.boundary.ref, `\`${name}\` is one transport used by every request${why}; create a transport (and a server) per request or session instead`, RULES.sharedStatelessTransport);
  const maker = origin.at.getFunctionParent() as FunctionPath | null;
  const returned = first.trace.steps.some((step) => step.kind === 'returned' && maker && step.fn.node === maker.node);
  if (!maker || !returned) return void refuse('');
  const makerName = functionName(maker);
  if (!isStatelessOptions((origin.at.node as AnyNode).arguments[0])) {
    return void refuse(`, connected once by \`${makerName}\` to a server of its own; with sessions, one per session needs a map of them`);
  }
  if (!connectsFreshServer(ctx, maker, origin) && !connectsAtStartUp(ctx, first.trace, origin)) {
    if (ctx.tx.blocked) return;
    return void refuse(`; \`${makerName}\` makes it, but does not connect it to a server it builds each time`);
  }
  // The uses: each request hands itself to the transport; nothing else may keep it.
  const handled: TransportUse[] = [];
  for (const ref of binding.referencePaths) {
    const use = requestUseOf(ref);
    if (use === 'bind') continue;
    if (use) {
      handled.push(use);
      continue;
    }
    ctx.block(module, ref, `\`${name}\` comes connected from \`${makerName}()\` and is used here as well as by the requests; once each request gets its own, this use has none to work on: rewrite it by hand`, RULES.sharedStatelessTransport);
  }
  if (ctx.tx.blocked) return;
  const factory = factoryOfBinding(ctx, binding, module, origin.cls, first.boundary.ref);
  if (!factory) return;
  transportPerRequest(ctx, { binding, module, name, cls: origin.cls, uses: handled, connected: factory });
  ctx.absorb(uses.map((use) => use.boundary.ref));
}

/** `await make()`, `make()` (through parentheses and casts). */
function bareCall(node: AnyNode | null | undefined): boolean {
  return bare(node as AnyNode)?.type === 'CallExpression';
}

/**
 * The function connects the transport it made to a server that is new on each call:
 * walking back from the connect, every name the server passes through is declared in
 * the function it is read in (this one, or a function it calls and that returns it),
 * and it ends at a `new`.
 */
function connectsFreshServer(ctx: PlanContext, maker: FunctionPath, origin: Extract<Trace['origin'], { kind: 'created' }>): boolean {
  const connects = ctx.model.sites.filter((site) => site.kind === 'connect' && contains(maker, site.call) && site.transportTraces.some((trace) => trace.origin.kind === 'created' && trace.origin.at.node === origin.at.node));
  if (connects.length === 0) return false;
  return connects.every((site) => site.kind === 'connect' && site.serverTraces.length > 0 && site.serverTraces.every((trace) => freshPerCall(maker, trace)));
}

/**
 * Made by one call and connected right after it, once, at start-up
 * (`const transport = makeTransport(); await server.connect(transport);`): the two
 * statements become one function that builds the server, makes the transport and
 * connects them, and the transport's name on its way to the requests carries that
 * function (it is the factory found for that name).
 */
function connectsAtStartUp(ctx: PlanContext, trace: Trace, origin: Extract<Trace['origin'], { kind: 'created' }>): boolean {
  const reads = trace.steps.filter((step): step is Extract<Trace['steps'][number], { kind: 'read' }> => step.kind === 'read');
  const connects = ctx.model.sites.filter((site) => site.kind === 'connect' && site.transportTraces.some((other) => other.origin.kind === 'created' && other.origin.at.node === origin.at.node));
  if (connects.length !== 1) return false;
  const site = connects[0];
  if (site?.kind !== 'connect' || ctx.model.runs.repeatingScope(site.call, site.module)) return false;
  const transportRead = site.transportTraces[0]?.steps[0];
  const held = transportRead?.kind === 'read' ? reads.find((read) => read.binding === transportRead.binding) : undefined;
  const serverRead = site.serverTraces.length === 1 ? site.serverTraces[0]?.steps[0] : undefined;
  if (!held || serverRead?.kind !== 'read' || transportRead?.kind !== 'read') return false;
  const { binding, module } = held;
  const declarator = binding.path as Path;
  const declaration = declarator.parentPath as Path;
  const connectStatement = statementOf(site.call);
  if (!declarator.isVariableDeclarator() || (declaration.node as AnyNode).declarations?.length !== 1 || !connectStatement) return false;
  const list = declaration.container;
  const expression = bare((connectStatement.node as AnyNode).expression);
  if (!Array.isArray(list) || connectStatement.container !== list || (connectStatement.key as number) < (declaration.key as number) || expression !== site.call.node) return false;
  // Nothing else may use the one transport: its reads are the connect and the way to the requests.
  const onTheWay = new Set(trace.steps.filter((step) => step.kind === 'argument').map((step) => (step as { arg: Path }).arg.node));
  if (!binding.referencePaths.every((ref) => ref.node === transportRead.ref.node || onTheWay.has(ref.node) || reads[0]?.binding === binding)) return false;
  const serverFactory = factoryOfBinding(ctx, serverRead.binding, serverRead.module, site.serverClass, serverRead.ref);
  if (!serverFactory) return false;
  if (serverFactory.scope && !contains(serverFactory.scope, declaration)) return false;
  const edits = ctx.tx.at(module);
  const name = binding.identifier.name;
  const serverName = serverRead.binding.identifier.name;
  const fnName = edits.freeName([`connect${name.charAt(0).toUpperCase()}${name.slice(1)}`, `open${name.charAt(0).toUpperCase()}${name.slice(1)}`]);
  const init = edits.text((declarator.node as AnyNode).init);
  edits.replace(declaration, () => {
    const { semi, indent } = edits.style;
    const body = [`const ${serverName} = ${newInstance(serverFactory)}${semi}`, `const ${name} = ${init}${semi}`, `await ${serverName}.connect(${name})${semi}`, `return ${name}${semi}`];
    const made = edits.statements(`const ${fnName} = async () => {\n${body.map((line) => `${indent}${line}`).join('\n')}\n}${semi}`)[0] as AnyNode;
    // The comment above the transport's declaration stays above what replaced it.
    made.comments = (declaration.node as AnyNode).comments;
    // Printed from scratch: the snippet's positions do not describe the moved comments.
    if (made.comments?.length) made.loc = null;
    return made;
  });
  edits.remove(connectStatement);
  ctx.absorb([connectStatement, serverRead.ref, transportRead.ref]);
  rewireBinding(ctx, serverRead.binding, serverRead.module, serverFactory);
  ctx.factories.set(binding, { call: `${fnName}()`, reference: fnName, async: true, module, scope: (declaration.getFunctionParent() as FunctionPath | null) ?? undefined, cls: origin.cls });
  return true;
}

function freshPerCall(maker: FunctionPath, trace: Trace): boolean {
  if (trace.origin.kind !== 'created') return false;
  let current: Path = maker;
  for (const step of trace.steps) {
    if (step.kind === 'read') {
      if (!contains(current, step.binding.path)) return false;
    } else if (step.kind === 'returned') {
      if (!contains(current, step.call)) return false;
      current = step.fn;
    } else if (step.kind !== 'declared' && step.kind !== 'inner') {
      return false;
    }
  }
  return contains(current, trace.origin.at);
}

function functionName(fn: FunctionPath): string {
  const node = fn.node as AnyNode;
  if (node.id?.name) return node.id.name;
  if (node.key?.type === 'Identifier') return node.key.name;
  const parent = fn.parentPath?.node as AnyNode;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'ObjectProperty' && parent.key?.type === 'Identifier') return parent.key.name;
  return 'the function that makes it';
}

