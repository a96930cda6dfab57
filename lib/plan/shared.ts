/*
 * Which sites share an instance, and where: the first edge, walking back from the
 * use, where a value kept by code that runs once is read by code that runs per
 * connection. That read is the boundary; the plan moves the creation to it.
 */
import type { Binding } from '@babel/traverse';
import type { Step, Trace } from '../scan/flow.js';
import type { Model } from '../scan/model.js';
import type { Path, SourceModule } from '../scan/module.js';
import { type FunctionPath, Runs } from '../scan/runs.js';
import type { AnyNode } from '../scan/module.js';
import type { Site } from '../scan/sites.js';

export type ReadStep = Extract<Step, { kind: 'read' }>;
export type ThisReadStep = Extract<Step, { kind: 'this-read' }>;

export interface SharedUse {
  site: Site;
  trace: Trace;
  /** The read where a value kept once is read per connection: a name, or a field of a long-lived object. */
  boundary: ReadStep | ThisReadStep;
  /** The code that runs per connection at the boundary (undefined for a handler bound once). */
  context: FunctionPath | undefined;
}

export function sharedUses(model: Model, site: Site, handedInExempt = true): SharedUse[] {
  const at = site.kind === 'connect' ? site.call : site.use;
  const uses: SharedUse[] = [];
  // `transport.handleRequest.bind(transport)` runs once, but hands every request to the one transport it binds.
  if (site.kind === 'transport' && site.bound) {
    for (const trace of site.traces) {
      const step = trace.steps[0];
      if (step?.kind === 'read') uses.push({ site, trace, boundary: step, context: model.runs.repeatingScope(at, site.module) });
    }
    return uses;
  }
  // A connect that runs once per process (a stdio entry, a start-up connect) shares nothing by itself.
  // Nor does a connect to stdio wherever it runs: the process has one stdin, so one client.
  if (site.kind === 'connect' && site.transportTraces.length > 0 && site.transportTraces.every((trace) => trace.origin.kind === 'created' && trace.origin.cls.transport === 'stdio')) return [];
  if (!model.runs.repeatingScope(at, site.module)) return [];
  for (const trace of site.kind === 'connect' ? site.serverTraces : site.traces) {
    for (const step of trace.steps) {
      const context = step.kind === 'read' ? model.runs.crossing(step.ref, step.binding, step.module) : step.kind === 'this-read' ? fieldCrossing(model, step) : undefined;
      if (context && (step.kind === 'read' || step.kind === 'this-read')) {
        if (handedInExempt && step.kind === 'this-read' && keptForCallersTransport(model, site, trace, context)) break;
        uses.push({ site, trace, boundary: step, context });
        break;
      }
    }
  }
  return uses;
}

/**
 * Where a field is read more often than it is set: inside a handler the method
 * registers, or in a method that runs per connection on an instance that lives long.
 */
export function fieldCrossing(model: Model, step: ThisReadStep): FunctionPath | undefined {
  const method = classMember(step.ref);
  const inner = model.runs.repeatsBetween(Runs.enclosing(step.ref), method, step.module);
  if (inner) return inner;
  if (!method || (method.node as AnyNode).kind === 'constructor') return undefined;
  return model.runs.repeats(method, step.module) && model.runs.longLived(step.classPath, step.module) ? method : undefined;
}

/**
 * A kept server connected, in a public method nobody in the project calls, to a transport
 * the method's caller hands in (`attach(transport) { this.server.connect(transport) }`),
 * while the project builds a fresh server from the same creation for each of its own
 * connections. The class serves its connections itself; the kept instance is the one the
 * outside caller connects (a stdio entry), and how often that happens is the caller's.
 */
function keptForCallersTransport(model: Model, site: Site, trace: Trace, method: FunctionPath): boolean {
  if (site.kind !== 'connect' || trace.origin.kind !== 'created' || !site.transport) return false;
  if (classMember(site.call)?.node !== method.node) return false;
  const transport = site.transport.node as AnyNode;
  if (transport.type !== 'Identifier') return false;
  if (!(method.node.params as AnyNode[]).some((param) => param.type === 'Identifier' && param.name === transport.name)) return false;
  if (site.transport.scope.getBinding(transport.name)?.path.node !== (method.node.params as AnyNode[]).find((param) => param.name === transport.name)) return false;
  if (!model.runs.invocations(method, site.module).every((invocation) => invocation.kind === 'escape' && (invocation.why === 'stored' || invocation.why === 'uncalled'))) return false;
  // A call through an instance in the project (`kept.attach(t)` in a route) is a caller we can see: not exempt.
  const name = memberName(method.node as AnyNode);
  if (!name) return false;
  for (const module of [site.module, ...model.project.importersOf(site.module)]) {
    for (const call of module.paths('CallExpression')) {
      const callee = (call.node as AnyNode).callee;
      if (callee?.type === 'MemberExpression' && callee.object.type !== 'ThisExpression' && memberName(callee) === name) return false;
    }
  }
  const created = trace.origin.at.node;
  return model.sites.some(
    (other) =>
      other !== site &&
      other.kind === 'connect' &&
      other.serverTraces.some((each) => each.origin.kind === 'created' && each.origin.at.node === created) &&
      model.runs.repeatingScope(other.call, other.module) !== undefined &&
      sharedUses(model, other, false).length === 0,
  );
}

function memberName(node: AnyNode): string | undefined {
  const key = node.key ?? node.property;
  return key?.type === 'Identifier' && !node.computed ? key.name : undefined;
}

/** The method (or arrow-valued property) of the class that holds `path`. */
export function classMember(path: Path): FunctionPath | undefined {
  for (let current = Runs.enclosing(path); current; current = Runs.enclosing(current)) {
    const node = current.node as AnyNode;
    if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') return current;
    const parent = current.parentPath?.node as AnyNode;
    if (parent?.type === 'ClassProperty' || parent?.type === 'ClassPrivateProperty') return current;
  }
  return undefined;
}

/** The instance a use belongs to: its creation when the trace found one, else the binding at the boundary. */
export function instanceKey(use: SharedUse): object {
  if (use.trace.origin.kind === 'created') return use.trace.origin.at.node;
  return use.boundary.kind === 'read' ? use.boundary.binding.identifier : use.boundary.classPath.node;
}

export type { Binding, Path, SourceModule };
