/*
 * A factory written as an argument: what a caller passes where it passed an
 * instance before (`new Runner(server)` -> `new Runner(createMcpServer)`).
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';
import { factoryOfBinding, reevaluable } from '../factories.js';

/** The code of a function that builds what `arg` holds, or undefined (a blocker is recorded). */
export function factoryExpression(ctx: PlanContext, arg: Path, module: SourceModule, cls: SdkClass): string | undefined {
  const node = bare(arg.node) as AnyNode;
  const edits = ctx.tx.at(module);
  if (node?.type === 'Identifier') {
    const binding = arg.scope.getBinding(node.name);
    if (!binding) return ctx.block(module, arg, `\`${node.name}\` is not declared here; pass a function that builds a server by hand`);
    const factory = factoryOfBinding(ctx, binding, module, cls, arg);
    if (!factory) return undefined;
    ctx.absorb([arg]);
    return factory.reference ?? `() => ${factory.call}`;
  }
  if (node?.type === 'NewExpression') return `() => ${edits.text(node)}`;
  if (node?.type === 'CallExpression' && reevaluable(node.arguments)) {
    const callee = edits.text(node.callee);
    return node.arguments.length === 0 ? callee : `() => ${edits.text(node)}`;
  }
  return ctx.block(module, arg, `what is passed here is built once; pass a function that builds a server by hand`);
}
