/*
 * Step: `transport.onclose` before `connect`. `connect()` wraps the transport's
 * existing `onclose`; one assigned after it replaces that wrapper and the server
 * never learns the transport closed. An assignment right after the connect moves
 * in front of it.
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { bare, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import type { PlanContext } from '../context.js';

export function moveOncloseBeforeConnect(ctx: PlanContext, module: SourceModule, call: Path): void {
  const arg = bare((call.node as AnyNode).arguments?.[0]);
  const statement = statementOf(call);
  if (!statement || arg?.type !== 'Identifier' || !Array.isArray(statement.container)) return;
  const siblings = statement.parentPath?.get(statement.listKey as string) as unknown as Path[];
  const index = siblings.findIndex((sibling) => sibling.node === statement.node);
  const candidate = siblings.slice(index + 1).find((sibling) => {
    const node = sibling.node as AnyNode;
    const expression = node.type === 'ExpressionStatement' ? node.expression : undefined;
    return expression?.type === 'AssignmentExpression' && expression.operator === '=' && memberKey(expression.left) === 'onclose' && bare(expression.left.object)?.type === 'Identifier' && bare(expression.left.object).name === arg.name;
  });
  if (!candidate) return;
  const edits = ctx.tx.at(module);
  edits.remove(candidate);
  edits.insertBefore(statement, () => [candidate.node]);
}
