/*
 * Which statements only configure a server (or transport): registrations, handlers,
 * hooks, registration helpers and loops of them. They are replayed on every new
 * instance, so they move into its builder with it.
 */
import type { AnyNode, Path } from '../scan/module.js';
import { bare, mentions } from '../scan/statements.js';
import { CONFIG_METHODS, HOOKS } from '../scan/uses.js';
import { memberKey } from '../scan/flow.js';
import { carriesToConnect } from '../scan/connect-arguments.js';

/** Method names of objects that take the server to register things on it, not to keep it. */
const REGISTRAR_METHOD = /^(register|setup|set[A-Z]|add|install|attach|configure|init|apply|use|mount|bind|wire|load)/;

/** What the instance is written as: a name (`server`), or a field (`this.server`). */
export type Target = string | { field: string };

function matchesTarget(node: AnyNode, target: Target): boolean {
  const current = bare(node);
  if (typeof target === 'string') return current?.type === 'Identifier' && current.name === target;
  return (current?.type === 'MemberExpression' || current?.type === 'OptionalMemberExpression') && current.object.type === 'ThisExpression' && memberKey(current) === target.field;
}

/** The instance itself, or `<instance>.server` (the low-level server inside an McpServer). */
export function isInstance(node: AnyNode, target: Target): boolean {
  const current = bare(node);
  if (matchesTarget(current, target)) return true;
  return memberKey(current ?? {}) === 'server' && matchesTarget(current.object, target);
}

function mentionsTarget(node: AnyNode, target: Target, skipFunctions = false): boolean {
  if (typeof target === 'string') return mentions(node, target, skipFunctions);
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) return current.forEach(visit);
    if (typeof current.type !== 'string') return;
    if (matchesTarget(current, target)) {
      found = true;
      return;
    }
    if (skipFunctions && /Function|Method/.test(current.type) && current.type !== 'ArrowFunctionExpression') return;
    if (skipFunctions && current.type === 'ArrowFunctionExpression') return;
    for (const key of Object.keys(current)) if (key !== 'loc' && key !== 'comments' && key !== 'tokens' && key !== 'extra') visit(current[key]);
  };
  visit(node);
  return found;
}

/** A statement that only configures the instance (and may stay anywhere the instance exists). */
export function configures(statement: AnyNode, target: Target, helpers: ReadonlySet<string> = new Set()): boolean {
  switch (statement?.type) {
    case 'ExpressionStatement':
      return configuringExpression(statement.expression, target, helpers);
    case 'BlockStatement':
      return statement.body.length > 0 && statement.body.every((child: AnyNode) => configures(child, target, helpers));
    case 'ForStatement':
    case 'ForOfStatement':
    case 'ForInStatement':
      return !mentionsTarget(statement.type === 'ForStatement' ? [statement.init, statement.test, statement.update] : statement.right, target) && configures(statement.body, target, helpers);
    case 'IfStatement':
      return !mentionsTarget(statement.test, target) && configures(statement.consequent, target, helpers) && (!statement.alternate || configures(statement.alternate, target, helpers));
    default:
      return false;
  }
}

function configuringExpression(expression: AnyNode, target: Target, helpers: ReadonlySet<string>): boolean {
  const node = expression?.type === 'AwaitExpression' ? undefined : bare(expression);
  if (!node) return false;
  if (node.type === 'AssignmentExpression') {
    const hook = memberKey(node.left);
    return node.operator === '=' && hook !== undefined && HOOKS.has(hook) && isInstance(node.left.object, target) && !mentionsTarget(node.right, target, true);
  }
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee;
  const method = memberKey(callee);
  if (method && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && isInstance(callee.object, target)) return CONFIG_METHODS.has(method);
  // tools.forEach((tool) => server.registerTool(...)): a loop written as a call.
  if (method && ['forEach', 'map'].includes(method) && !mentionsTarget(callee.object, target)) {
    const callback = node.arguments[0];
    if ((callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression') && !callback.async) {
      const body = callback.body.type === 'BlockStatement' ? callback.body.body : [{ type: 'ExpressionStatement', expression: callback.body }];
      return body.length > 0 && body.every((child: AnyNode) => configures(child, target, helpers));
    }
    return false;
  }
  // textTool(...), this.setupTools(): a set-up helper closed over the instance.
  if (callee.type === 'Identifier' && helpers.has(callee.name)) return !node.arguments.some((arg: AnyNode) => mentionsTarget(arg, target, true));
  if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && helpers.has(`this.${memberKey(callee)}`)) return node.arguments.length === 0;
  // registerTools(server, deps), toolManager.registerAll(server): a helper handed the server.
  // registerTools(toolAdder(server)): a helper handed what another helper made from the server.
  const handed = node.arguments.some((arg: AnyNode) => isInstance(arg, target));
  const wrapped = callee.type === 'Identifier' && node.arguments.some((arg: AnyNode) => arg?.type === 'CallExpression' && arg.callee.type === 'Identifier' && arg.arguments.some((inner: AnyNode) => isInstance(inner, target)));
  if (!handed && !wrapped) return false;
  // serve(app, server) where serve connects it: a consumer of the server, not its set-up.
  if (node.arguments.some((arg: AnyNode) => carriesToConnect(arg))) return false;
  if (mentionsTarget(callee, target)) return false;
  if (callee.type === 'Identifier') return true;
  return method !== undefined && REGISTRAR_METHOD.test(method);
}

/** A statement that hands the server to an object that keeps it (`logger.setServer(server)` aside from registrars). */
export function handsOver(statement: AnyNode, target: Target): boolean {
  const node = statement?.type === 'ExpressionStatement' ? bare(statement.expression) : undefined;
  if (node?.type !== 'CallExpression') return false;
  return node.arguments.some((arg: AnyNode) => isInstance(arg, target)) && !configuringExpression(node, target, new Set());
}

/** `const tool = (...) => server.registerTool(...)`, `function tool() {...}`: a set-up helper's name. */
export function helperDeclared(statement: AnyNode, name: string): string | undefined {
  if (statement.type === 'FunctionDeclaration' && statement.id && !statement.async && !statement.generator) {
    return mentions(statement.body, name) && !statement.params.some((param: AnyNode) => mentions(param, name)) && !connects(statement.body, name) ? statement.id.name : undefined;
  }
  if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return undefined;
  const declarator = statement.declarations[0];
  const init = declarator.init;
  if (declarator.id.type !== 'Identifier' || !(init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) return undefined;
  return mentions(init.body, name) && !connects(init.body, name) ? declarator.id.name : undefined;
}

/**
 * Whether code connects or closes the instance (`name.connect(...)`, `name.close()`): a
 * function that does is a connection handler (`const onStream = async (req, res) => {
 * ...; await server.connect(t) }`) or a shutdown (`const cleanup = async () => { await
 * server.close() }`), never a set-up helper, even though it reads the server.
 */
function connects(node: AnyNode, name: string): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) return current.forEach(visit);
    if (typeof current.type !== 'string') return;
    if (current.type === 'CallExpression' && ['connect', 'close'].includes(memberKey(current.callee) as string) && bare(current.callee.object)?.type === 'Identifier' && bare(current.callee.object).name === name) {
      found = true;
      return;
    }
    for (const key of Object.keys(current)) {
      if (key === 'loc' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments' || key === 'extra') continue;
      visit(current[key]);
    }
  };
  visit(node);
  return found;
}

/** Whether a statement awaits (outside functions nested in it). */
export function awaits(statement: AnyNode): boolean {
  let found = false;
  const visit = (node: AnyNode): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node.type !== 'string') return;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) {
      found = true;
      return;
    }
    if (/Function|Method/.test(node.type)) return;
    for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'comments' && key !== 'tokens') visit(node[key]);
  };
  visit(statement);
  return found;
}

export function pathList(path: Path): AnyNode[] | undefined {
  return Array.isArray(path.container) ? (path.container as AnyNode[]) : undefined;
}

/**
 * Set-up methods of a class: called by the constructor (`this.setupTools()`), called
 * nowhere else, and doing nothing but configure the field (or create it).
 */
export function helperMethodsOf(classPath: Path, ctor: Path | undefined, target: Target): Map<string, Path> {
  const helpers = new Map<string, Path>();
  if (!ctor || typeof target === 'string') return helpers;
  const members = classPath.get('body.body') as unknown as Path[];
  const calledFromConstructor = new Set<string>();
  for (const statement of ctor.get('body.body') as unknown as Path[]) {
    const call = (statement.node as AnyNode).type === 'ExpressionStatement' ? bare((statement.node as AnyNode).expression) : undefined;
    if (call?.type === 'CallExpression' && call.arguments.length === 0 && call.callee.type === 'MemberExpression' && call.callee.object.type === 'ThisExpression') {
      const name = memberKey(call.callee);
      if (name) calledFromConstructor.add(name);
    }
  }
  for (const member of members) {
    const node = member.node as AnyNode;
    if ((node.type !== 'ClassMethod' && node.type !== 'ClassPrivateMethod') || node.kind !== 'method' || node.async || node.params.length > 0) continue;
    const name = node.key?.type === 'PrivateName' ? `#${node.key.id.name}` : node.key?.name;
    if (!name || !calledFromConstructor.has(name)) continue;
    // Called nowhere but the constructor.
    let calls = 0;
    classPath.traverse({
      MemberExpression(path) {
        const member = path.node as AnyNode;
        if (member.object.type === 'ThisExpression' && memberKey(member) === name) calls++;
      },
    });
    if (calls !== 1) continue;
    const statements: AnyNode[] = node.body.body;
    const creates = (statement: AnyNode) => {
      const expression = statement.type === 'ExpressionStatement' ? bare(statement.expression) : undefined;
      return expression?.type === 'AssignmentExpression' && isInstance(expression.left, target) && bare(expression.right)?.type === 'NewExpression';
    };
    if (statements.length > 0 && statements.every((statement) => creates(statement) || configures(statement, target))) helpers.set(`this.${name}`, member);
  }
  return helpers;
}
