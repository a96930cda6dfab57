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

export function sharedUses(model: Model, site: Site): SharedUse[] {
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
  if (!model.runs.repeatingScope(at, site.module)) return [];
  for (const trace of site.kind === 'connect' ? site.serverTraces : site.traces) {
    for (const step of trace.steps) {
      const context = step.kind === 'read' ? model.runs.crossing(step.ref, step.binding, step.module) : step.kind === 'this-read' ? fieldCrossing(model, step) : undefined;
      if (context && (step.kind === 'read' || step.kind === 'this-read')) {
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
