/*
 * Step: a server built once, connected per connection, and also returned to the caller
 * (`return server`, `return { server, close }`) as a handle. The connects are fixed like
 * any other (each connection gets its own server); the return stays what it was, so the
 * function's signature and its callers keep working: the caller gets the once-built
 * server, now connected to no client. What the caller does with it is out of sight, so
 * the return keeps a marker that does not stop the rest: closing it is harmless, but
 * anything it sends through it (notifications, logging) reaches no client any more.
 *
 * State kept on the handle (`(server as X)._streams = streams`) stays on it, for the
 * caller to read at shutdown. Code that runs per connection and reads that state back
 * through the server would now read its own server's, which never got it: that stays
 * a blocker (the caller decides).
 */
import { RULES } from '../../findings.js';
import { memberKey } from '../../scan/flow.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { lineOf, statementOf } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';

const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'TypeCastExpression']);

/** The read with the type casts and parentheses around it. */
function outermost(ref: Path): Path {
  let value = ref;
  while (value.parentPath && WRAPPERS.has((value.parentPath.node as AnyNode).type)) value = value.parentPath;
  return value;
}

/**
 * `return server`, or the server as a value of the object returned
 * (`return { server, close }`): the server handed to the caller.
 */
export function returnedToCaller(ref: Path): boolean {
  let value = outermost(ref);
  const parent = value.parentPath?.node as AnyNode;
  if (parent?.type === 'ObjectProperty' && parent.value === value.node && !parent.computed) {
    const object = value.parentPath?.parentPath as Path;
    if ((object?.node as AnyNode)?.type !== 'ObjectExpression') return false;
    value = outermost(object);
  }
  const statement = value.parentPath?.node as AnyNode;
  return statement?.type === 'ReturnStatement' && statement.argument === value.node;
}

/** `(server as X)._field = value`: state kept on the instance; the field's name when it has one. */
export function storedField(ref: Path): { field: string | undefined } | undefined {
  const target = outermost(ref).parentPath;
  const assigned = target?.parentPath?.node as AnyNode;
  if ((target?.node as AnyNode)?.type !== 'MemberExpression' || assigned?.type !== 'AssignmentExpression' || assigned.left !== target?.node) return undefined;
  return { field: memberKey(target?.node as AnyNode) };
}

/** `(server as X)._field`, read (not assigned): the field read through the server. */
function readField(ref: Path): string | undefined {
  const target = outermost(ref).parentPath;
  const node = target?.node as AnyNode;
  if (node?.type !== 'MemberExpression' || node.object !== outermost(ref).node) return undefined;
  if (storedField(ref)) return undefined;
  return memberKey(node);
}

/**
 * Whether the returned server can stay the caller's handle while each connection gets
 * its own: every use left over is a return or state stored on it, and no code that now
 * gets its own server per connection reads that state back through it.
 */
export function keepsReturnedHandle(leftOver: Path[], perConnection: Path[]): boolean {
  const returns = leftOver.filter(returnedToCaller);
  if (returns.length === 0) return false;
  const stored = leftOver.filter((read) => !returnedToCaller(read)).map(storedField);
  if (stored.some((state) => !state)) return false;
  const fields = new Set(stored.map((state) => state?.field));
  // A field of unknown name (`server[key] = ...`) could be any of them.
  if (fields.has(undefined) && perConnection.some((read) => readField(read) !== undefined)) return false;
  return !perConnection.some((read) => fields.has(readField(read)));
}

/** Marks each return of the handle with what it now is: a server connected to no client. */
export function markReturnedHandle(ctx: PlanContext, module: SourceModule, name: string, leftOver: Path[], keepOnce: () => void): void {
  // The once-built server stays where it was declared, for these uses.
  keepOnce();
  for (const read of leftOver) {
    if (!returnedToCaller(read)) continue;
    const statement = statementOf(read) ?? read;
    const reason = `the \`${name}\` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead`;
    ctx.tx.at(module).mark(statement, reason);
    ctx.tx.fixed.push({ module, finding: { rule: RULES.serverUsedOutsideRequest, ...lineOf(statement.node as AnyNode), status: 'review', message: reason } });
  }
  ctx.absorb(leftOver);
}
