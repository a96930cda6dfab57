/*
 * Step: a new instance where it is used. In code that runs per connection (or in a
 * once-only context that still needs one, such as a stdio entry), the reads of a
 * shared binding get `const server = createMcpServer();` before the first statement
 * that reads it, in the innermost block that holds all of them.
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import { commonPlace } from '../../scan/statements.js';
import { type Factory, newInstance, type PlanContext, redeclared } from '../context.js';

export interface FreshLocal {
  module: SourceModule;
  /** The reads that must see the new instance. */
  reads: Path[];
  /** The local's name: the name the reads already use. */
  name: string;
  factory: Factory;
  /** The function that holds the reads (undefined: the module's top level). */
  context: FunctionPath | undefined;
  /** Declare it right before this statement instead of before the first read. */
  before?: Path;
}

export function declareFresh(ctx: PlanContext, request: FreshLocal): boolean {
  const { module, reads, name, factory, context } = request;
  const edits = ctx.tx.at(module);
  const place = request.before ? { first: request.before } : commonPlace(reads, context?.get('body') as Path | undefined);
  if (!place) {
    ctx.block(module, reads[0] as Path, `\`${name}\` is read here where no statement can hold a new server; create one per connection by hand`);
    return false;
  }
  // The function may already declare a different binding of that name.
  const own = (place.first.scope.getBinding(name));
  if (own && own.scope === place.first.scope && !reads.some((read) => read.scope.getBinding(name) === own)) {
    ctx.block(module, reads[0] as Path, `the code here already has a \`${name}\` of its own; create the server per connection by hand`);
    return false;
  }
  // So may it for the other names a re-made destructuring declares.
  for (const sibling of factory.declaration?.siblings ?? []) {
    const other = sibling.identifier.name;
    const taken = place.first.scope.getBinding(other);
    if (taken && taken !== sibling && taken.scope === place.first.scope) {
      ctx.block(module, reads[0] as Path, `the code here already has a \`${other}\` of its own, and \`${factory.declaration?.text}\` would declare it again; create the server per connection by hand`);
      return false;
    }
  }
  if (factory.async && !context) {
    ctx.block(module, reads[0] as Path, `building \`${name}\` here would need a top-level \`await\`; create it per connection by hand`);
    return false;
  }
  // Written when the edits land: a later step may have the instance tracked. A destructuring
  // is made again whole: the names beside the server get the same new value.
  edits.insertBefore(place.first, () => edits.statements(`${redeclared(factory) ?? `const ${name} = ${newInstance(factory)}`}${edits.style.semi}`));
  if (factory.async && context) edits.makeAsync(context);
  ctx.absorb(reads);
  return true;
}

export type { AnyNode };
