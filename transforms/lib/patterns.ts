/* Small recognisers shared by the parts of the rewrite. */
import { type AnyNode, type AnyPath, ancestorIn, memberName, someNode, unwrap } from './ast.js';
import type { Insertion } from './file-context.js';

/** Calls that only configure a server: safe to replay on every new instance. */
export const CONFIG_METHODS = new Set([
  'tool',
  'registerTool',
  'resource',
  'registerResource',
  'prompt',
  'registerPrompt',
  'setRequestHandler',
  'setNotificationHandler',
  'removeRequestHandler',
  'removeNotificationHandler',
  'registerCapabilities',
]);
export const HOOKS = new Set(['onerror', 'onclose', 'oninitialized', 'fallbackRequestHandler', 'fallbackNotificationHandler']);

export function usesSemicolons(source: string): boolean {
  const ends = source.split('\n').map((line) => line.trimEnd()).filter((line) => /^\s*(const|let|var|import|return|await|export)\b/.test(line));
  const withSemi = ends.filter((line) => line.endsWith(';')).length;
  const without = ends.filter((line) => !/[;,{(\[=>]$/.test(line)).length;
  return withSemi >= without;
}

export function isStatelessOptions(options: AnyNode): boolean {
  if (!options) return true;
  if (options.type !== 'ObjectExpression') return false;
  const generator = options.properties.find(
    (prop: AnyNode) => (prop.type === 'ObjectProperty' || prop.type === 'Property') && !prop.computed && (prop.key.name ?? prop.key.value) === 'sessionIdGenerator',
  );
  if (!generator) return !options.properties.some((prop: AnyNode) => prop.type === 'SpreadElement');
  const value = unwrap(generator.value);
  return value.type === 'Identifier' && value.name === 'undefined';
}

export function isServerChain(node: AnyNode, name: string): boolean {
  const target = unwrap(node);
  if (target?.type === 'Identifier') return target.name === name;
  // server.server.setRequestHandler(...) on McpServer's inner low-level server
  return memberName(target) === 'server' && unwrap(target.object)?.type === 'Identifier' && unwrap(target.object).name === name;
}

export function isHookAssignment(statement: AnyNode, name: string, only?: string): boolean {
  if (statement?.type !== 'ExpressionStatement') return false;
  const expression = statement.expression;
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return false;
  const hook = memberName(expression.left);
  if (!hook || !HOOKS.has(hook) || (only && hook !== only)) return false;
  return isServerChain(expression.left.object, name) && !mentions(expression.right, name, true);
}

/** Does the subtree mention `name` as an identifier (optionally ignoring nested functions)? */
export function mentions(node: AnyNode, name: string, skipFunctions = false): boolean {
  return someNode(node, (current) => current.type === 'Identifier' && current.name === name, {
    skipFunctions,
    skipChild: (current, key) => key === 'property' && current.type === 'MemberExpression' && !current.computed,
  });
}

export function isCoveredBy(path: AnyPath, insertions: Insertion[]): boolean {
  return insertions.some((insertion) => {
    const anchor = ancestorIn(path, insertion.list);
    return Boolean(anchor && insertion.list.indexOf(anchor.node) >= insertion.list.indexOf(insertion.before));
  });
}

/** `server.close()` */
export function closeCallOf(ref: AnyPath): AnyPath | undefined {
  const member = ref.parent as AnyPath;
  const call = member?.parent as AnyPath;
  if (memberName(member?.node) !== 'close' || member.node.object !== ref.node) return undefined;
  if (call?.node.type !== 'CallExpression' || call.node.callee !== member.node || call.node.arguments.length > 0) return undefined;
  return call;
}

export function unwrapNode(node: AnyNode): AnyNode {
  return unwrap(node) ?? {};
}

export function isNullish(node: AnyNode): boolean {
  return node.type === 'NullLiteral' || (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
}

export function paramDeclares(param: AnyNode, identifier: AnyNode): boolean {
  if (param === identifier) return true;
  if (param?.type === 'AssignmentPattern') return paramDeclares(param.left, identifier);
  if (param?.type === 'TSParameterProperty') return paramDeclares(param.parameter, identifier);
  if (param?.type === 'ObjectPattern') return param.properties.some((prop: AnyNode) => paramDeclares(prop.value ?? prop.argument, identifier));
  return false;
}

export function ancestorHas(path: AnyPath, node: AnyNode): boolean {
  let current: AnyPath | null = path;
  while (current) {
    if (current.node === node) return true;
    current = current.parent as AnyPath | null;
  }
  return false;
}

export function innermostStatement(path: AnyPath): AnyPath | null {
  let current: AnyPath | null = path;
  while (current) {
    const parentPath = current.parentPath as AnyPath | null;
    if (parentPath && Array.isArray(parentPath.value) && /Statement|Declaration/.test(current.node.type)) return current;
    current = current.parent as AnyPath | null;
  }
  return null;
}
