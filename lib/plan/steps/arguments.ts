/*
 * A factory written as an argument: what a caller passes where it passed an
 * instance before (`new Runner(server)` -> `new Runner(createMcpServer)`).
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';
import { factoryOfBinding, reevaluable } from '../factories.js';
import { rewireBinding } from '../rewire.js';
import { injectedField, injectedFieldAt } from './fields.js';

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
    // The binding's other reads (a shutdown close, a stdio entry) get what the factory gives them.
    rewireBinding(ctx, binding, module, factory);
    return factory.reference ?? `() => ${factory.call}`;
  }
  // `new Channel(this.server)` in a class handed `server` itself: that class takes a factory too, and hands it on.
  const field = injectedFieldAt(module, arg);
  if (field) {
    const factory = injectedField(ctx, field, cls, arg);
    if (!factory) return undefined;
    ctx.absorb([arg]);
    return factory.reference ?? `() => ${factory.call}`;
  }
  if (node?.type === 'NewExpression') return `() => ${edits.text(node)}`;
  if (node?.type === 'CallExpression' && reevaluable(node.arguments)) {
    // A method handed on by itself would lose its `this`: only a plain function goes unwrapped.
    return node.arguments.length === 0 && node.callee.type === 'Identifier' ? node.callee.name : `() => ${edits.text(node)}`;
  }
  return ctx.block(module, arg, `what is passed here is built once; pass a function that builds a server by hand`);
}
