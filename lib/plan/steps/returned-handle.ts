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
 *
 * When every caller is in sight and only closes the handle (`await handle.close()`, or
 * hands it to a function that does, reading state stored on it), nothing it does needs
 * a client, so the return gets no marker.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import { memberKey } from '../../scan/flow.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { lineOf, statementOf } from '../../scan/statements.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { PlanContext } from '../context.js';
import { useOf } from '../uses.js';
import { callsOf } from './callers.js';

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
 * gets its own server per connection reads that state back through it. The function
 * that returns it is the one that built it: a server kept longer (at module level)
 * and handed out by a getter may be connected again by whoever gets it.
 */
export function keepsReturnedHandle(binding: Binding, leftOver: Path[], perConnection: Path[]): boolean {
  const returns = leftOver.filter(returnedToCaller);
  const builtIn = binding.path.getFunctionParent()?.node;
  if (returns.length === 0 || !builtIn || returns.some((read) => read.getFunctionParent()?.node !== builtIn)) return false;
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
    if (!returnedToCaller(read) || callersOnlyClose(ctx, module, read)) continue;
    const statement = statementOf(read) ?? read;
    const reason = `the \`${name}\` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead`;
    ctx.tx.at(module).mark(statement, reason);
    ctx.tx.fixed.push({ module, finding: { rule: RULES.serverUsedOutsideRequest, ...lineOf(statement.node as AnyNode), status: 'review', message: reason } });
  }
  ctx.absorb(leftOver);
}

/** `return server` (not in an object) whose every caller in the project only closes what it gets. */
function callersOnlyClose(ctx: PlanContext, module: SourceModule, read: Path): boolean {
  const statement = outermost(read).parentPath;
  if ((statement?.node as AnyNode)?.type !== 'ReturnStatement') return false;
  const fn = statement?.getFunctionParent() as FunctionPath | null;
  if (!fn) return false;
  const callers = callsOf(ctx, fn, module);
  if ('blocker' in callers || callers.calls.length === 0) return false;
  return callers.calls.every(({ call, module: at }) => resultOnlyClosed(ctx, at, call));
}

/** `const handle = (await) build(...)`, with every read of `handle` a close. */
function resultOnlyClosed(ctx: PlanContext, module: SourceModule, call: Path): boolean {
  let value = outermost(call);
  if ((value.parentPath?.node as AnyNode)?.type === 'AwaitExpression') value = outermost(value.parentPath as Path);
  const declarator = value.parentPath;
  const node = declarator?.node as AnyNode;
  if (node?.type !== 'VariableDeclarator' || node.init !== value.node || node.id.type !== 'Identifier') return false;
  const binding = declarator?.scope.getBinding(node.id.name);
  if (!binding || binding.constantViolations.length > 0 || binding.referencePaths.length === 0) return false;
  return binding.referencePaths.every((ref) => onlyClosed(ctx, module, ref, true));
}

/** `handle.close()`, a read of state stored on it, or (once) `cleanUp(handle)` with a parameter that does only those. */
function onlyClosed(ctx: PlanContext, module: SourceModule, ref: Path, handOn: boolean): boolean {
  if (useOf(ref) === 'close') return true;
  const field = readField(ref);
  if (field !== undefined) {
    const member = outermost(ref).parentPath as Path;
    const parent = member.parentPath?.node as AnyNode;
    // `handle.server` reaches the protocol, and a called member is a use of its own.
    return field !== 'server' && !((parent?.type === 'CallExpression' || parent?.type === 'OptionalCallExpression') && parent.callee === member.node);
  }
  if (!handOn) return false;
  const value = outermost(ref);
  const call = value.parentPath;
  const node = call?.node as AnyNode;
  if (node?.type !== 'CallExpression' || node.callee === value.node) return false;
  const index = (node.arguments as AnyNode[]).indexOf(value.node);
  if (index < 0 || node.arguments.slice(0, index).some((arg: AnyNode) => arg.type === 'SpreadElement')) return false;
  const callees = ctx.model.flow.callees(call?.get('callee') as Path, module);
  if (callees.length !== 1) return false;
  const { fn, module: calleeModule } = callees[0] as (typeof callees)[number];
  const param = (fn.get('params') as unknown as Path[])[index];
  if ((param?.node as AnyNode)?.type !== 'Identifier') return false;
  const binding = fn.scope.getBinding((param?.node as AnyNode).name);
  if (!binding || binding.path.node !== param?.node || binding.constantViolations.length > 0) return false;
  return binding.referencePaths.every((inner) => onlyClosed(ctx, calleeModule, inner, false));
}
