/*
 * Guards that hide the shared-instance bug: code that connects only once, so later
 * requests silently reuse the first connection. Once every request or session
 * connects a fresh server they are moot: they go with the connect they guard.
 *
 *   if (!server.isConnected()) await server.connect(transport);
 *   if (!connected) { await server.connect(transport); connected = true; }
 *   try { await server.connect(transport); } catch (e) { // Already connected }
 */
import type { AnyNode, Path } from '../scan/module.js';
import { bare } from '../scan/statements.js';
import { memberKey } from '../scan/flow.js';

export interface ConnectGuard {
  /** The statement that guards the connect (an `if` or a `try`). */
  guard: Path;
  /** The statement that connects, kept when the guard is unwrapped. */
  connect: Path;
  /** Flag variables the guard tests or sets (`let connected = false`). */
  flags: string[];
}

/** The guard around `server.connect(...)`, when its only job is to connect once. */
export function connectGuard(call: Path): ConnectGuard | undefined {
  let statement: Path | null = call;
  while (statement && statement.node.type !== 'ExpressionStatement') {
    if (/Function|Statement|Declaration/.test(statement.node.type) && statement !== call) return undefined;
    statement = statement.parentPath;
  }
  if (!statement || bare((statement.node as AnyNode).expression) !== call.node) return undefined;

  let holder = statement.parentPath;
  let siblings: AnyNode[] = [statement.node];
  if (holder?.node.type === 'BlockStatement') {
    siblings = (holder.node as AnyNode).body;
    holder = holder.parentPath;
  }
  const rest = siblings.filter((node) => node !== statement?.node);
  const flags = rest.map(flagAssigned);
  if (flags.some((flag) => flag === undefined)) return undefined;
  const setFlags = flags as string[];
  if (!holder) return undefined;
  const node = holder.node as AnyNode;
  if (node.type === 'IfStatement' && !node.alternate) {
    const tested = connectedTest(node.test);
    if (tested === undefined) return undefined;
    if (tested !== '' && !setFlags.includes(tested) && setFlags.length > 0) return undefined;
    return { guard: holder, connect: statement, flags: [...new Set([...setFlags, ...(tested ? [tested] : [])])] };
  }
  if (node.type === 'TryStatement' && !node.finalizer && node.handler && swallowsAlreadyConnected(node.handler.body)) {
    return { guard: holder, connect: statement, flags: setFlags };
  }
  return undefined;
}

/** `connected = true` -> 'connected'. */
function flagAssigned(node: AnyNode): string | undefined {
  if (node.type !== 'ExpressionStatement') return undefined;
  const expression = bare(node.expression);
  if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'Identifier') return undefined;
  return isBoolean(expression.right, true) ? expression.left.name : undefined;
}

/** '' for `!x.isConnected()`, the flag's name for `!flag` / `flag === false`, undefined otherwise. */
function connectedTest(test: AnyNode): string | undefined {
  const node = bare(test);
  if (node?.type === 'UnaryExpression' && node.operator === '!') {
    const argument = bare(node.argument);
    if (argument?.type === 'CallExpression' && memberKey(argument.callee) === 'isConnected' && argument.arguments.length === 0) return '';
    if (argument?.type === 'Identifier') return argument.name;
    return undefined;
  }
  if (node?.type === 'BinaryExpression' && (node.operator === '===' || node.operator === '==')) {
    if (node.left.type === 'Identifier' && isBoolean(node.right, false)) return node.left.name;
  }
  return undefined;
}

function isBoolean(node: AnyNode, value: boolean): boolean {
  return node?.type === 'BooleanLiteral' && node.value === value;
}

/** A catch block that only logs, or that ignores an "Already connected" error and rethrows the rest. */
function swallowsAlreadyConnected(body: AnyNode): boolean {
  const already = /already connected/i;
  let mentionsAlready = false;
  const visit = (node: AnyNode): void => {
    if (mentionsAlready || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.type === 'StringLiteral' && already.test(node.value)) mentionsAlready = true;
    else if (node.type === 'RegExpLiteral' && already.test(node.pattern)) mentionsAlready = true;
    else if (node.type === 'TemplateElement' && already.test(node.value?.raw ?? '')) mentionsAlready = true;
    for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'comments') visit(node[key]);
  };
  visit(body);
  if (mentionsAlready) return true;
  // An empty catch, or one that only logs, hides the second connect's failure just the same.
  return (body.body as AnyNode[]).every((statement) => {
    const expression = statement.type === 'ExpressionStatement' ? bare(statement.expression) : undefined;
    const callee = expression?.type === 'CallExpression' ? expression.callee : undefined;
    return Boolean(callee && memberKey(callee) && bare(callee.object)?.type === 'Identifier' && ['console', 'logger', 'log'].includes(bare(callee.object).name));
  });
}

/** The declaration of a connect-once flag, when every use of it is inside the guards that go. */
export function flagDeclaration(flag: string, at: Path, guards: Path[]): Path | undefined {
  const binding = at.scope.getBinding(flag);
  if (!binding || binding.path.node.type !== 'VariableDeclarator') return undefined;
  const declaration = binding.path.parentPath as Path;
  if ((declaration.node as AnyNode).declarations.length !== 1) return undefined;
  const init = (binding.path.node as AnyNode).init;
  if (init && !isBoolean(init, false)) return undefined;
  const inside = (path: Path) => guards.some((guard) => path.findParent((parent) => parent.node === guard.node) !== null);
  const uses = [...binding.referencePaths, ...binding.constantViolations];
  return uses.every(inside) ? declaration : undefined;
}
