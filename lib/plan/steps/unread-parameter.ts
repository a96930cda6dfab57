/*
 * Step: a server handed to a parameter nobody reads. A function called once is handed
 * the shared server but never uses it (`createApp(transport, server)` with an unused
 * `server`); once the server is built per connection there is no one server to hand
 * over, so the parameter takes the factory, as any parameter would (steps/parameters.ts):
 * every caller in the project passes the factory, and the type says what it is.
 */
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { Factory, PlanContext } from '../context.js';
import { parameterFactory } from './parameters.js';

/** True when the read is taken care of: the parameter it goes to became a factory, or a blocker says why it cannot. */
export function unreadParameter(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory): boolean {
  const call = read.parentPath as Path;
  const node = call?.node as AnyNode;
  if (node?.type !== 'CallExpression' || node.callee === read.node) return false;
  const index = (node.arguments as AnyNode[]).indexOf(read.node);
  if (index < 0 || node.arguments.slice(0, index).some((arg: AnyNode) => arg.type === 'SpreadElement')) return false;
  const callees = ctx.model.flow.callees(call.get('callee') as Path, module);
  if (callees.length !== 1) return false;
  const { fn, module: calleeModule } = callees[0] as (typeof callees)[number];
  const params = fn.get('params') as unknown as Path[];
  const param = params[index];
  if (!param || (param.node as AnyNode).type !== 'Identifier') return false;
  const binding = fn.scope.getBinding((param.node as AnyNode).name);
  if (!binding || binding.path.node !== param.node || binding.referencePaths.length > 0 || binding.constantViolations.length > 0) return false;
  // Every caller then passes the factory of what it passed, this one included.
  return parameterFactory(ctx, binding, calleeModule, factory.cls, read) !== undefined || ctx.tx.blocked;
}
