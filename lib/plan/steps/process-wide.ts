/*
 * Step: a builder that hands its server to something kept for the whole process
 * (`logger.setServer(server)`, `state.server = server`, with `logger` or `state` a
 * module-level or imported object). Called once, the builder's server was the only
 * one; called per connection, that object keeps whichever server was built last and
 * sends what it gets (log notifications, progress) to that server's client, whatever
 * request it is about. The connects can still be fixed, so this does not block the
 * plan: the statement is marked with that reason, for a person to decide which server
 * (if any) the object should use.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { Trace } from '../../scan/flow.js';
import { memberKey } from '../../scan/flow.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { bare, lineOf, statementOf } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';

/** Methods that keep the server they are given (`setServer`, `attachMcpServer`, `useServer`). */
const KEEPING_METHOD = /^(set|attach|bind|use)\w*(Server|Mcp)$/i;

/** Marks, in the builders the traces come from, each statement that hands the new server to a process-wide object. */
export function markProcessWideKeepers(ctx: PlanContext, traces: Trace[]): void {
  for (const trace of traces) {
    if (trace.origin.kind !== 'created') continue;
    const { at, module } = trace.origin;
    const builder = at.getFunctionParent();
    const declarator = at.parentPath;
    if (!builder || !declarator?.isVariableDeclarator() || (declarator.node as AnyNode).id.type !== 'Identifier') continue;
    const binding = declarator.scope.getBinding((declarator.node as AnyNode).id.name);
    if (binding) markKeepers(ctx, module, binding);
  }
}

/** Marks each statement that hands what `binding` holds to a process-wide object. */
export function markKeepers(ctx: PlanContext, module: SourceModule, binding: Binding): void {
  const name = binding.identifier.name;
  for (const ref of binding.referencePaths) {
    const keeper = keeperOf(ref);
    if (!keeper) continue;
    const statement = statementOf(ref) ?? ref;
    const reason = `\`${keeper.text}\` hands each new server to \`${keeper.object}\`, one object for the whole process: it keeps whichever server was built last and sends what it gets to that server's client, whatever request it is about; decide by hand which server (if any) it should use for each request`;
    ctx.tx.at(module).mark(statement, reason);
    ctx.tx.fixed.push({ module, finding: { rule: RULES.serverUsedOutsideRequest, ...lineOf(statement.node as AnyNode), status: 'review', message: reason } });
  }
}

/** `logger.setServer(ref)`, `state.server = ref`: the object that keeps it and how, when the object outlives the builder. */
function keeperOf(ref: Path): { object: string; text: string } | undefined {
  const name = (ref.node as AnyNode).name as string;
  let value: Path = ref;
  while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
  const parent = value.parentPath?.node as AnyNode;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(value.node)) {
    const callee = bare(parent.callee);
    const method = memberKey(callee ?? {});
    if (callee?.type !== 'MemberExpression' || !method || !KEEPING_METHOD.test(method)) return undefined;
    return processWide(value, callee.object) ? { object: rootName(callee.object) as string, text: `${rootName(callee.object)}.${method}(${name})` } : undefined;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === value.node && parent.left.type === 'MemberExpression') {
    return processWide(value, parent.left.object) ? { object: rootName(parent.left.object) as string, text: `${rootName(parent.left.object)}.${memberKey(parent.left) ?? '…'} = ${name}` } : undefined;
  }
  return undefined;
}

/** Whether the object is a module-level binding (declared or imported, not a namespace of functions). */
function processWide(at: Path, object: AnyNode): boolean {
  const root = rootName(object);
  if (!root) return false;
  const owner = at.scope.getBinding(root);
  if (!owner) return false;
  if (owner.kind === 'module') return (owner.path.node as AnyNode).type !== 'ImportNamespaceSpecifier';
  return owner.scope.getFunctionParent() === null && owner.kind !== 'hoisted' && (owner.path.node as AnyNode).type === 'VariableDeclarator';
}

function rootName(object: AnyNode): string | undefined {
  let root = bare(object);
  while (root?.type === 'MemberExpression') root = bare(root.object);
  return root?.type === 'Identifier' ? root.name : undefined;
}
