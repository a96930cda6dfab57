/*
 * A class that builds one server for its lifetime (`this.server = new McpServer(...)`
 * in the constructor, or a property initialiser) and connects it to every
 * connection's transport in its methods. The construction and the registrations
 * move into a private builder method; each connect gets a server of its own from
 * it. Only when the property is private: a public `server` is part of the class's
 * API (callers may use it), so that shape stays marked.
 */
import { type AnyNode, type AnyPath, hasComment, lineOf, memberName, someNode, unwrap } from './ast.js';
import { IGNORE_DIRECTIVE, RULES } from './findings.js';
import type { FileContext } from './file-context.js';
import { CONFIG_METHODS, HOOKS } from './patterns.js';
import { SERVER_CLASSES, type SdkBindings, type SdkClass, classOfNew } from './sdk-imports.js';

const METHOD_NAMES = ['createMcpServer', 'buildMcpServer', 'newMcpServer'];

export function isolateClassServers(ctx: FileContext, injected: ReadonlySet<string> = new Set()): void {
  for (const type of ['ClassDeclaration', 'ClassExpression']) {
    for (const path of ctx.paths(type)) {
      if (path.node.id && injected.has(path.node.id.name)) isolateInjected(ctx, path);
      else isolateClass(ctx, path);
    }
  }
}

/** The constructor of a class, and its parameter property holding a server, if it only serves connects. */
export function injectedServer(bindings: SdkBindings, classPath: AnyPath): { param: AnyNode; index: number; name: string; plans: ConnectPlan[] } | undefined {
  const members: AnyNode[] = classPath.node.body.body;
  const constructor = members.find((member) => (member.type === 'ClassMethod' || member.type === 'MethodDefinition') && member.kind === 'constructor');
  const params: AnyNode[] = (constructor?.type === 'MethodDefinition' ? constructor.value : constructor)?.params ?? [];
  for (const [index, param] of params.entries()) {
    if (param.type !== 'TSParameterProperty' || param.parameter?.type !== 'Identifier') continue;
    if (param.accessibility !== 'private' && param.accessibility !== 'protected') continue;
    const annotation = param.parameter.typeAnnotation?.typeAnnotation;
    const cls = annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' ? bindings.types.get(annotation.typeName.name) : undefined;
    if (!cls || !SERVER_CLASSES.includes(cls)) continue;
    const name: string = param.parameter.name;
    const plans: ConnectPlan[] = [];
    for (const member of members) {
      if (member === constructor) continue;
      const fn = member.type === 'MethodDefinition' ? member.value : member.type === 'ClassMethod' ? member : (member.type === 'ClassProperty' || member.type === 'PropertyDefinition') ? unwrap(member.value) : undefined;
      if (!fn || !someNode(fn, (node) => isThisMember(node, name))) continue;
      const plan = fn.type === 'ClassMethod' || fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression' ? connectSite(fn, name) : undefined;
      if (!plan) return undefined;
      plans.push({ ...plan, fn });
    }
    const ctorBody: AnyNode[] = (constructor?.type === 'MethodDefinition' ? constructor.value : constructor)?.body?.body ?? [];
    if (plans.length === 0 || ctorBody.some((statement) => someNode(statement, (node) => isThisMember(node, name) || (node.type === 'Identifier' && node.name === name)))) return undefined;
    return { param, index, name, plans };
  }
  return undefined;
}

type ConnectPlan = { list: AnyNode[]; before: AnyNode; fn: AnyNode };

/** `constructor(private readonly server: McpServer)` becomes `constructor(private readonly createServer: () => McpServer)`. */
function isolateInjected(ctx: FileContext, classPath: AnyPath): void {
  const found = injectedServer(ctx.bindings, classPath);
  if (!found) return;
  const { param, name, plans } = found;
  const j = ctx.j;
  const members: AnyNode[] = classPath.node.body.body;
  const used = new Set(members.map((member) => member.key?.name).filter(Boolean));
  const factory = [`create${name.charAt(0).toUpperCase()}${name.slice(1)}`, 'createMcpServer', 'buildMcpServer'].find((candidate) => !used.has(candidate) && !ctx.usedNames.has(candidate)) ?? `create${name}Factory`;
  const local = ctx.freeName([name === 'server' ? 'mcpServer' : name, 'mcpServer']);
  const annotation = param.parameter.typeAnnotation.typeAnnotation;
  param.parameter.name = factory;
  param.parameter.typeAnnotation = j.tsTypeAnnotation(j.tsFunctionType.from({ parameters: [], typeAnnotation: j.tsTypeAnnotation(annotation) }));
  for (const { list, before, fn } of plans) {
    renameThisMember(j, fn.body, name, local);
    list.splice(list.indexOf(before), 0, ...ctx.parseStatements(`const ${local} = this.${factory}()${ctx.semi}`));
  }
  const { line, column } = lineOf(param);
  ctx.findings.push({
    rule: RULES.sharedServer,
    line,
    column,
    status: 'fixed',
    message: `\`this.${name}\` was one server handed in and shared by every connection of \`${classPath.node.id?.name ?? 'the class'}\`; the class now takes \`${factory}\` and builds a server per connection (its callers pass their builder)`,
  });
  ctx.usedNames.add(local);
  ctx.changed = true;
  ctx.invalidate();
}

/** `this.<name>` */
function isThisMember(node: AnyNode, name: string): boolean {
  const target = unwrap(node);
  return (target?.type === 'MemberExpression' || target?.type === 'OptionalMemberExpression') && unwrap(target.object)?.type === 'ThisExpression' && memberName(target) === name && !target.computed;
}

function isolateClass(ctx: FileContext, classPath: AnyPath): void {
  const j = ctx.j;
  const members: AnyNode[] = classPath.node.body.body;
  const constructor = members.find((member) => (member.type === 'ClassMethod' || member.type === 'MethodDefinition') && member.kind === 'constructor');
  const ctorBody: AnyNode[] | undefined = (constructor?.type === 'MethodDefinition' ? constructor.value : constructor)?.body?.body;

  // Where the one server is built: a property initialiser or `this.x = new McpServer(...)` in the constructor.
  let name: string | undefined;
  let creation: AnyNode | undefined;
  let property: AnyNode | undefined;
  let creationStatement: AnyNode | undefined;
  for (const member of members) {
    if ((member.type === 'ClassProperty' || member.type === 'PropertyDefinition') && !member.static && member.key?.type === 'Identifier' && SERVER_CLASSES.includes(classOfNew(ctx.bindings, member.value) as SdkClass)) {
      name = member.key.name;
      creation = unwrap(member.value);
      property = member;
    }
  }
  for (const statement of ctorBody ?? []) {
    const expression = statement.type === 'ExpressionStatement' ? unwrap(statement.expression) : undefined;
    if (name === undefined && expression?.type === 'AssignmentExpression' && expression.left.type === 'MemberExpression' && unwrap(expression.left.object)?.type === 'ThisExpression' && !expression.left.computed) {
      if (SERVER_CLASSES.includes(classOfNew(ctx.bindings, expression.right) as SdkClass)) {
        name = memberName(expression.left);
        creation = unwrap(expression.right);
        creationStatement = statement;
      }
    }
  }
  if (!name || !creation) return;
  const serverName = name;
  property ??= members.find((member) => (member.type === 'ClassProperty' || member.type === 'PropertyDefinition') && member.key?.name === serverName && !member.value);
  // Callers outside the class may use a public property: not ours to change.
  if (!property || !(property.accessibility === 'private' || property.accessibility === 'protected') || hasComment(property, IGNORE_DIRECTIVE)) return;

  // Every use of this.<name>: registrations in the constructor after the creation, and connects.
  const configs: AnyNode[] = [];
  const connectMethods = new Map<AnyNode, AnyNode>();
  let unsupported = false;
  const startIndex = creationStatement ? (ctorBody as AnyNode[]).indexOf(creationStatement) : -1;
  for (const [index, statement] of (ctorBody ?? []).entries()) {
    if (statement === creationStatement || !someNode(statement, (node) => isThisMember(node, serverName))) continue;
    if (index > startIndex && isConfig(statement, serverName)) configs.push(statement);
    else unsupported = true;
  }
  for (const member of members) {
    if (member === constructor || member === property) continue;
    const fn = member.type === 'MethodDefinition' ? member.value : member.type === 'ClassMethod' ? member : (member.type === 'ClassProperty' || member.type === 'PropertyDefinition') ? unwrap(member.value) : undefined;
    if (!fn || !someNode(fn, (node) => isThisMember(node, serverName))) continue;
    if (fn.type !== 'ClassMethod' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') {
      unsupported = true;
      continue;
    }
    connectMethods.set(member, fn);
  }
  if (unsupported || connectMethods.size === 0) return;

  // In each method: the statement holding the first connect gets a server built right before it.
  const plans: Array<{ list: AnyNode[]; before: AnyNode; fn: AnyNode }> = [];
  for (const fn of connectMethods.values()) {
    const plan = connectSite(fn, serverName);
    if (!plan) return;
    plans.push({ ...plan, fn });
  }

  const used = new Set(members.map((member) => member.key?.name).filter(Boolean));
  const method = METHOD_NAMES.find((candidate) => !used.has(candidate)) ?? `${METHOD_NAMES[0]}ForConnection`;
  const local = ctx.freeName(['server', 'mcpServer']);

  // The builder method: the creation and the registrations, with `this.<name>` as a local.
  const moved = configs.map((statement) => renameThisMember(j, statement, serverName, local));
  const builderBody = [
    ...ctx.parseStatements(`const ${local} = 0${ctx.semi}`),
    ...moved,
    ...ctx.parseStatements(`return ${local}${ctx.semi}`),
  ];
  (builderBody[0] as AnyNode).declarations[0].init = creation;
  const builder = j.classMethod('method', j.identifier(method), [], j.blockStatement(builderBody));
  if (ctx.typescript) (builder as AnyNode).accessibility = 'private';

  for (const { list, before, fn } of plans) {
    renameThisMember(j, fn.body, serverName, local);
    list.splice(list.indexOf(before), 0, ...ctx.parseStatements(`const ${local} = this.${method}()${ctx.semi}`));
  }
  if (ctorBody) {
    for (const statement of [creationStatement, ...configs]) if (statement) ctorBody.splice(ctorBody.indexOf(statement), 1);
  }
  const at = members.indexOf(property);
  members.splice(at, 1);
  const ctorAt = constructor ? members.indexOf(constructor) : -1;
  members.splice(ctorAt >= 0 ? ctorAt + 1 : at, 0, builder);
  const { line, column } = lineOf(creation);
  ctx.findings.push({
    rule: RULES.sharedServer,
    line,
    column,
    status: 'fixed',
    message: `\`this.${serverName}\` was one server shared by every connection of the class; each connection now gets one from \`this.${method}()\``,
  });
  ctx.usedNames.add(local);
  ctx.changed = true;
  ctx.invalidate();
}

function isConfig(statement: AnyNode, name: string): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  const expression = unwrap(statement.expression);
  if (expression?.type === 'AssignmentExpression') return HOOKS.has(memberName(expression.left) ?? '') && isServerOf(expression.left.object, name);
  if (expression?.type !== 'CallExpression') return false;
  const method = memberName(expression.callee);
  if (method && isServerOf(expression.callee.object, name)) return CONFIG_METHODS.has(method);
  return expression.arguments.some((arg: AnyNode) => isThisMember(arg, name));
}

/** `this.server` or `this.server.server`. */
function isServerOf(node: AnyNode, name: string): boolean {
  const target = unwrap(node);
  return isThisMember(target, name) || (memberName(target) === 'server' && isThisMember(target.object, name));
}

/**
 * The statement in the method's own body (not a nested function's) that holds the
 * first `this.<name>.connect(...)`, when every use of `this.<name>` comes after it.
 */
function connectSite(fn: AnyNode, name: string): { list: AnyNode[]; before: AnyNode } | undefined {
  let found: { list: AnyNode[]; before: AnyNode } | undefined;
  let early = false;
  const visit = (list: AnyNode[]): void => {
    for (const statement of list) {
      if (found) return;
      const connects = someNode(statement, (node) => node.type === 'CallExpression' && memberName(node.callee) === 'connect' && isThisMember(node.callee.object, name), { skipFunctions: false });
      if (!connects) {
        if (someNode(statement, (node) => isThisMember(node, name))) early = true;
        continue;
      }
      // Descend into blocks and callbacks to put the server beside the connect itself.
      const inner = innerList(statement, name);
      if (inner) visit(inner);
      else found = { list, before: statement };
    }
  };
  const body = fn.body?.type === 'BlockStatement' ? fn.body.body : undefined;
  if (!body) return undefined;
  visit(body);
  return found && !early ? found : undefined;
}

/** The statement list one level down that contains the connect: a block, an if branch, a callback body. */
function innerList(statement: AnyNode, name: string): AnyNode[] | undefined {
  let result: AnyNode[] | undefined;
  someNode(statement, (node) => {
    if (result || node === statement) return false;
    if (node.type === 'BlockStatement' && someNode(node, (inner) => inner.type === 'CallExpression' && memberName(inner.callee) === 'connect' && isThisMember(inner.callee.object, name))) {
      result = node.body;
      return true;
    }
    return false;
  });
  return result;
}

function renameThisMember(j: FileContext['j'], root: AnyNode, name: string, local: string): AnyNode {
  j(root)
    .find(j.MemberExpression)
    .filter((path: AnyPath) => isThisMember(path.node, name))
    .forEach((path: AnyPath) => {
      path.replace(j.identifier(local));
    });
  return root;
}
