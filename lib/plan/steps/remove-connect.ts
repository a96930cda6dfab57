/*
 * Step: the connect of a shared transport goes. Each request now connects its own
 * server to its own transport, so the start-up connect (and the guard that made a
 * per-request connect happen once) has nothing left to do. A `.then(callback)`
 * chained on it keeps the callback's body.
 */
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { bare, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import type { PlanContext } from '../context.js';
import { connectGuard, flagDeclaration } from '../guards.js';
import { removeMemoisedConnect } from './memoised-connect.js';

export function removeConnect(ctx: PlanContext, module: SourceModule, call: Path<t.CallExpression>, serverName: string, transportName: string): void {
  const edits = ctx.tx.at(module);
  const guard = connectGuard(call);
  if (guard) {
    edits.remove(guard.guard);
    ctx.absorb([guard.guard]);
    for (const flag of guard.flags) {
      const declaration = flagDeclaration(flag, guard.guard, [guard.guard]);
      if (declaration) {
        edits.remove(declaration);
        ctx.absorb([declaration]);
      }
    }
    return;
  }
  const statement = statementOf(call);
  const node = statement?.node as AnyNode;
  const expression = node?.type === 'ExpressionStatement' ? bare(node.expression) : undefined;
  if (statement && expression === call.node) {
    edits.remove(statement);
    ctx.absorb([statement]);
    return;
  }
  // server.connect(transport).then(() => app.listen(3000))
  if (statement && expression?.type === 'CallExpression' && memberKey(expression.callee) === 'then' && bare(expression.callee.object) === call.node && expression.arguments.length === 1) {
    const callback = expression.arguments[0];
    if ((callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') && callback.params.length === 0 && !callback.async) {
      edits.replace(statement, () => {
        const body = callback.body.type === 'BlockStatement' ? callback.body.body : [Object.assign(edits.statements(`0${edits.style.semi}`)[0], { expression: callback.body })];
        return body.length === 1 ? body[0] : module.j.blockStatement(body);
      });
      ctx.absorb([statement]);
      return;
    }
  }
  // let ready; function ensureReady() { if (!ready) ready = server.connect(transport); return ready; }
  if (removeMemoisedConnect(ctx, module, call)) return;
  ctx.block(module, call, `\`${serverName}.connect(${transportName})\` is used as a value; connect per request by hand`, RULES.unsupportedShape);
}
