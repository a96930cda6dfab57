/*
 * Guards that hide the shared-instance bug: code that connects only once, so the
 * second request silently reuses the first connection. After the rewrite every
 * request or session connects a fresh server, and these guards are moot.
 *
 *   if (!server.isConnected()) await server.connect(transport);
 *   if (!connected) { await server.connect(transport); connected = true; }
 *   try { await server.connect(transport); } catch (e) { // Already connected }
 */
import { type AnyNode, type AnyPath, memberName, someNode, unwrap } from './ast.js';

export interface ConnectGuard {
  /** The statement that guards the connect (an `if` or a `try`). */
  guard: AnyPath;
  /** The connect statement itself, kept when the guard is unwrapped. */
  connect: AnyNode;
  /** Flag variables the guard tests or sets (`let connected = false`). */
  flags: string[];
}

/** The guard around `server.connect(...)`, if its only job is to connect once. */
export function connectGuard(call: AnyPath): ConnectGuard | undefined {
  let statement: AnyPath | null = call;
  while (statement && statement.node.type !== 'ExpressionStatement') {
    if (/Function|Statement|Declaration/.test(statement.node.type) && statement !== call) return undefined;
    statement = statement.parent as AnyPath | null;
  }
  if (!statement || unwrap(statement.node.expression) !== call.node) return undefined;

  let holder = statement.parent as AnyPath | null;
  let siblings: AnyNode[] = [statement.node];
  if (holder?.node.type === 'BlockStatement') {
    siblings = holder.node.body;
    holder = holder.parent as AnyPath | null;
  }
  const rest = siblings.filter((node) => node !== statement?.node);
  const flags = rest.map(flagAssigned);
  if (flags.some((flag) => flag === undefined)) return undefined;
  const setFlags = flags as string[];
  if (!holder) return undefined;

  if (holder.node.type === 'IfStatement' && !holder.node.alternate) {
    const tested = connectedTest(holder.node.test);
    if (tested === undefined) return undefined;
    if (tested !== '' && !setFlags.includes(tested) && setFlags.length > 0) return undefined;
    return { guard: holder, connect: statement.node, flags: [...new Set([...setFlags, ...(tested ? [tested] : [])])] };
  }
  if (holder.node.type === 'TryStatement' && !holder.node.finalizer && holder.node.handler && swallowsAlreadyConnected(holder.node.handler.body)) {
    return { guard: holder, connect: statement.node, flags: setFlags };
  }
  return undefined;
}

/** `connected = true` → 'connected'. */
function flagAssigned(node: AnyNode): string | undefined {
  if (node.type !== 'ExpressionStatement') return undefined;
  const expression = unwrap(node.expression);
  if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'Identifier') return undefined;
  return isBooleanLiteral(expression.right, true) ? expression.left.name : undefined;
}

/** '' for `!x.isConnected()`, the flag's name for `!flag` / `flag === false`, undefined otherwise. */
function connectedTest(test: AnyNode): string | undefined {
  const node = unwrap(test);
  if (node?.type === 'UnaryExpression' && node.operator === '!') {
    const argument = unwrap(node.argument);
    if (argument?.type === 'CallExpression' && memberName(argument.callee) === 'isConnected' && argument.arguments.length === 0) return '';
    if (argument?.type === 'Identifier') return argument.name;
    return undefined;
  }
  if (node?.type === 'BinaryExpression' && (node.operator === '===' || node.operator === '==')) {
    if (node.left.type === 'Identifier' && isBooleanLiteral(node.right, false)) return node.left.name;
  }
  return undefined;
}

function isBooleanLiteral(node: AnyNode, value: boolean): boolean {
  return (node?.type === 'BooleanLiteral' || node?.type === 'Literal') && node.value === value;
}

/** A catch block that only logs, or that ignores an "Already connected" error and rethrows the rest. */
function swallowsAlreadyConnected(body: AnyNode): boolean {
  const already = /already connected/i;
  const mentionsAlready = someNode(
    body,
    (node) =>
      ((node.type === 'StringLiteral' || node.type === 'Literal') && typeof node.value === 'string' && already.test(node.value)) ||
      (node.type === 'RegExpLiteral' && already.test(node.pattern)) ||
      (node.type === 'Literal' && Boolean(node.regex) && already.test(node.regex.pattern)) ||
      (node.type === 'TemplateElement' && already.test(node.value?.raw ?? '')),
  );
  if (mentionsAlready) return true;
  let other = false;
  // An empty catch, or one that only logs, hides the second connect's failure just the same.
  for (const statement of body.body as AnyNode[]) {
    const expression = statement.type === 'ExpressionStatement' ? unwrap(statement.expression) : undefined;
    const callee = expression?.type === 'CallExpression' ? expression.callee : undefined;
    if (!(callee && memberName(callee) && unwrap(callee.object)?.type === 'Identifier' && ['console', 'logger', 'log'].includes(unwrap(callee.object).name))) other = true;
  }
  return !other;
}
