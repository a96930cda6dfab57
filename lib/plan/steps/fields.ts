/*
 * Step: a field becomes a builder method or a factory. A class that builds its server
 * once (a property initialiser, the constructor, or a set-up method the constructor
 * calls) gets a builder method holding that creation and configuration; a class that
 * is handed its server through the constructor is handed a function that builds one,
 * when every construction is in the project. Each method that connects then builds
 * its own server first.
 */
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, commonPlace, lineOf, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import { isPublicExport } from '../../scan/published.js';
import type { Factory, PlanContext } from '../context.js';
import { configures, helperMethodsOf, type Target } from '../configuration.js';
import { type SharedUse, type ThisReadStep, sharedUses } from '../shared.js';
import { carriesToConnect } from '../../scan/connect-arguments.js';
import { useOf } from '../uses.js';
import { factoryExpression } from './arguments.js';

const METHOD_NAMES = ['createMcpServer', 'buildMcpServer', 'newMcpServer'];
const planned = new WeakMap<PlanContext, Map<t.Node, Factory | null>>();

/** A factory for the server a field holds, and every method that connects it rewired to build its own. */
export function planField(ctx: PlanContext, use: SharedUse, cls: SdkClass): void {
  const read = use.boundary as ThisReadStep;
  const fieldStep = use.trace.steps[1];
  if (fieldStep?.kind === 'field' && fieldStep.value.isTSParameterProperty()) {
    injectedField(ctx, { module: read.module, classPath: read.classPath, name: read.name, param: fieldStep.value as Path<t.TSParameterProperty> }, cls, connectOf(use));
    return;
  }
  let known = planned.get(ctx);
  if (!known) planned.set(ctx, (known = new Map()));
  const key = read.classPath.node;
  if (known.has(key)) return;
  known.set(key, null);
  // One local name for the server, in the builder and in every method that connects.
  const local = ctx.tx.at(read.module).freeName(['server', 'mcpServer']);
  const factory = builderMethod(ctx, use, read, cls, local);
  if (!factory) return;
  known.set(key, factory);
  rewireField(ctx, read, factory, local);
}

/** A field a constructor parameter property sets: `this.<name>` of `classPath`, handed in on `param`. */
export interface InjectedField {
  module: SourceModule;
  classPath: Path<t.Class>;
  name: string;
  param: Path<t.TSParameterProperty>;
}

/**
 * The factory an injected field holds once its constructor takes one. Each field is
 * planned once: a class handed the server by another injected class (`new
 * Channel(this.server)` in a class that was handed `server` itself) asks for the outer
 * field's factory, so the chain becomes factories level by level, down to where the
 * server is built. The field's other reads are rewired after every level is planned.
 */
export function injectedField(ctx: PlanContext, field: InjectedField, cls: SdkClass, at: Path): Factory | undefined {
  let known = planned.get(ctx);
  if (!known) planned.set(ctx, (known = new Map()));
  const key = field.param.node;
  if (known.has(key)) return known.get(key) ?? undefined;
  known.set(key, null);
  const local = ctx.tx.at(field.module).freeName(['server', 'mcpServer']);
  const factory = injectedFactory(ctx, field, cls, at);
  if (!factory) return undefined;
  known.set(key, factory);
  const read = { kind: 'this-read', module: field.module, ref: at, classPath: field.classPath, name: field.name } as ThisReadStep;
  ctx.later.push(() => rewireField(ctx, read, factory, local));
  return factory;
}

/** The injected field `this.<name>` read at `read`, when a constructor parameter property of the enclosing class sets it. */
export function injectedFieldAt(module: SourceModule, read: Path): InjectedField | undefined {
  const node = bare(read.node as AnyNode);
  if ((node?.type !== 'MemberExpression' && node?.type !== 'OptionalMemberExpression') || node.object.type !== 'ThisExpression') return undefined;
  const name = memberKey(node);
  if (!name) return undefined;
  let holder = read.getFunctionParent() as FunctionPath | null;
  while (holder?.isArrowFunctionExpression()) holder = holder.getFunctionParent() as FunctionPath | null;
  const classPath = holder?.parentPath?.parentPath;
  if (!classPath?.isClass()) return undefined;
  for (const member of classPath.get('body.body') as unknown as Path[]) {
    const memberNode = member.node as AnyNode;
    if (memberNode.type !== 'ClassMethod' || memberNode.kind !== 'constructor') continue;
    for (const param of member.get('params') as unknown as Path[]) {
      if (!param.isTSParameterProperty()) continue;
      const inner = (param.node as AnyNode).parameter;
      const identifier = inner.type === 'AssignmentPattern' ? inner.left : inner;
      if (identifier.name === name) return { module, classPath: classPath as Path<t.Class>, name, param: param as Path<t.TSParameterProperty> };
    }
  }
  return undefined;
}

/** `constructor(private readonly server: McpServer)` -> `constructor(private readonly createServer: () => McpServer)`. */
function injectedFactory(ctx: PlanContext, field: InjectedField, cls: SdkClass, connect: Path): Factory | undefined {
  const { module, classPath, name, param } = field;
  const apiReason = `the server in \`this.${name}\` is handed in through the constructor, so every connection shares the caller's instance; \`new ${className(classPath)}(...)\` is part of the package's public API, so it is not changed: take a function that builds a server and call it per connection`;
  // A class only the project constructs (a CLI's, or one its package entry does not export) is the project's to change.
  if (isPublicExport(ctx.model.project, module, exportedNames(module, classPath))) return ctx.block(module, connect, apiReason);
  const ctor = param.parentPath as FunctionPath;
  const index = (ctor.node as AnyNode).params.indexOf(param.node);
  const invocations = ctx.model.runs.invocations(ctor, module);
  // Not a published API, but built by code the run does not see (another package, a module it cannot resolve).
  const unseenReason = `the server in \`this.${name}\` is handed in through the constructor, so every connection shares the caller's instance; \`new ${className(classPath)}(...)\` is called by code the rewrite does not see, so the constructor is not changed: take a function that builds a server and call it per connection`;
  if (invocations.length === 0 || invocations.some((invocation) => invocation.kind !== 'call')) return ctx.block(module, connect, unseenReason);
  // Every construction hands in a factory for what it handed in before.
  for (const invocation of invocations) {
    const arg = (invocation.site.get('arguments') as Path[])[index];
    if (!arg) return ctx.block(module, invocation.site, `\`new ${className(classPath)}(...)\` hands no server here; pass a function that builds one by hand`);
    const factory = factoryExpression(ctx, arg, invocation.module, cls);
    if (!factory) return undefined;
    const edits = ctx.tx.at(invocation.module);
    edits.replace(arg, () => bareExpression(edits.expression(factory)));
    ctx.absorb([arg]);
  }
  const edits = ctx.tx.at(module);
  const inner = (param.node as AnyNode).parameter;
  const identifier = inner.type === 'AssignmentPattern' ? inner.left : inner;
  const factoryName = `create${identifier.name[0].toUpperCase()}${identifier.name.slice(1)}`;
  const typeName = identifier.typeAnnotation ? edits.text(identifier.typeAnnotation.typeAnnotation) : cls.name;
  const identifierPath = (param.get('parameter') as Path).isAssignmentPattern() ? ((param.get('parameter') as Path).get('left') as Path) : (param.get('parameter') as Path);
  edits.replace(identifierPath, () => {
    const renamed = module.j.identifier(factoryName);
    if (identifier.typeAnnotation) (renamed as AnyNode).typeAnnotation = (edits.statements(`let x: () => ${typeName}${edits.style.semi}`)[0] as AnyNode).declarations[0].id.typeAnnotation;
    return renamed;
  });
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, ...lineOf(param.node), status: 'fixed', message: `\`this.${name}\` was one server handed in and shared by every connection of \`${className(classPath)}\`; the class now takes \`${factoryName}\` and builds a server per connection (its callers pass their builder)` },
  });
  // The field holds a plain function (what the callers handed in), so it can be handed on unbound.
  return { call: `this.${factoryName}()`, reference: `this.${factoryName}`, async: false, module, scope: undefined, cls };
}

/** The class builds the server itself: that creation and its configuration become a method. */
function builderMethod(ctx: PlanContext, use: SharedUse, read: ThisReadStep, cls: SdkClass, local: string): Factory | undefined {
  const { module, classPath, name } = read;
  const connect = connectOf(use);
  const refuse = (reason?: string) =>
    ctx.block(module, connect, reason ?? `the server kept on \`this.${name}\` is connected to every connection's transport; give each connection its own server (build it per connection, or keep a factory instead of an instance)`);
  const origin = use.trace.origin;
  const fieldSteps = use.trace.steps.filter((step) => step.kind === 'field');
  const fieldStep = fieldSteps[0];
  if (origin.kind !== 'created' || fieldSteps.length !== 1 || fieldStep?.kind !== 'field' || bare(fieldStep.value.node) !== origin.at.node) return refuse();
  const members = classPath.get('body.body') as unknown as Path[];
  const target: Target = { field: name };
  const property = members.find((member) => {
    const node = member.node as AnyNode;
    return (node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') && propertyName(node) === name;
  });
  // Code outside the class may use a public field: not this rewrite's to change.
  const privateField = property && ((property.node as AnyNode).accessibility === 'private' || (property.node as AnyNode).accessibility === 'protected' || (property.node as AnyNode).type === 'ClassPrivateProperty');
  if (property && !privateField && module.typescript) return refuse();
  const ctor = members.find((member) => (member.node as AnyNode).kind === 'constructor') as FunctionPath | undefined;
  // Where the one server is made: a property initialiser, or `this.x = new ...` in the constructor (or a set-up method it calls).
  const creationStatement = fieldStep.member.isAssignmentExpression() ? statementOf(fieldStep.member) : undefined;
  const creationHolder = creationStatement?.getFunctionParent() as FunctionPath | undefined;
  const helpers = helperMethodsOf(classPath, ctor, target);
  if (creationStatement && creationHolder?.node !== ctor?.node && !helpers.has(`this.${methodName(creationHolder)}`)) return refuse();
  // Configuration: statements of the constructor (and of its set-up methods) that only configure it.
  const configs: Path[] = [];
  // A set-up method keeps its statements (it takes the server as a parameter); only the one that creates the server gives them up.
  const bodies = [ctor, ...([...helpers.values()] as FunctionPath[]).filter((helper) => helper.node === creationHolder?.node)].filter((fn): fn is FunctionPath => Boolean(fn));
  for (const fn of bodies) {
    for (const statement of fn.get('body.body') as unknown as Path[]) {
      if (statement.node === creationStatement?.node) continue;
      if (!mentionsField(statement.node, name) && !callsHelper(statement.node, helpers)) continue;
      if (fn === ctor && creationStatement && creationHolder === ctor && (ctor.node as AnyNode).body.body.indexOf(statement.node) < (ctor.node as AnyNode).body.body.indexOf(creationStatement.node)) return refuse();
      if (configures(statement.node, target, new Set(helpers.keys()))) configs.push(statement);
      else return refuse(`\`this.${name}\` is used here in a way that only works with one server for every connection; give each connection its own server by hand`);
    }
  }
  const edits = ctx.tx.at(module);
  const used = new Set(members.map((member) => propertyName(member.node as AnyNode)).filter(Boolean));
  const method = METHOD_NAMES.find((candidate) => !used.has(candidate)) ?? `${METHOD_NAMES[0]}ForConnection`;
  const creation = origin.at.node;
  // Set-up methods get the server as a parameter.
  for (const [, helper] of helpers) {
    edits.move((changes) => {
      const param = module.j.identifier(local);
      if (module.typescript) (param as AnyNode).typeAnnotation = (changes.statements(`let x: ${changes.text((creation as AnyNode).callee)}${changes.style.semi}`)[0] as AnyNode).declarations[0].id.typeAnnotation;
      (helper.node as AnyNode).params = [param, ...(helper.node as AnyNode).params];
    });
    renameField(ctx, module, helper, name, local);
  }
  edits.move((changes) => {
    const j = module.j;
    const [declaration] = changes.statements(`const ${local} = 0${changes.style.semi}`) as [AnyNode];
    declaration.declarations[0].init = creation;
    const body: AnyNode[] = [declaration];
    for (const config of configs) {
      const node = config.node as AnyNode;
      // this.setupTools() -> this.setupTools(server)
      const call = node.type === 'ExpressionStatement' ? bare(node.expression) : undefined;
      if (call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && call.callee.object.type === 'ThisExpression' && helpers.has(`this.${memberKey(call.callee)}`)) {
        call.arguments = [j.identifier(local), ...call.arguments];
      }
      body.push(node);
      const list = config.container as AnyNode[];
      list.splice(list.indexOf(node), 1);
    }
    body.push(...changes.statements(`return ${local}${changes.style.semi}`));
    const builder = j.classMethod('method', j.identifier(method), [], j.blockStatement(body));
    if (module.typescript) (builder as AnyNode).accessibility = 'private';
    const list = (classPath.node as AnyNode).body.body as AnyNode[];
    if (creationStatement) {
      const holder = creationStatement.container as AnyNode[];
      holder.splice(holder.indexOf(creationStatement.node), 1);
    }
    if (property) list.splice(list.indexOf(property.node), 1);
    const after = ctor ? list.indexOf(ctor.node) + 1 : property ? Math.min(list.length, members.indexOf(property)) : 0;
    list.splice(after, 0, builder);
    for (const node of body) changes.rehome(node, body);
  });
  for (const config of configs) renameField(ctx, module, config, name, local);
  ctx.absorb([...configs, ...(creationStatement ? [creationStatement] : []), ...(property ? [property] : [])]);
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, ...lineOf(creation), status: 'fixed', message: `\`this.${name}\` was one server shared by every connection of the class; each connection now gets one from \`this.${method}()\`` },
  });
  return { call: `this.${method}()`, async: false, module, scope: undefined, cls };
}

/** Every method that connects the field builds its own server first; other uses are blockers. */
function rewireField(ctx: PlanContext, read: ThisReadStep, factory: Factory, local: string): void {
  const { module, classPath, name } = read;
  const byMethod = new Map<t.Node, { method: Path; reads: Path[] }>();
  classPath.traverse({
    MemberExpression(path) {
      const node = path.node as AnyNode;
      if (node.object.type !== 'ThisExpression' || memberKey(node) !== name) return;
      if (ctx.isAbsorbed(path as Path)) return;
      if (path.parentPath?.isAssignmentExpression() && path.parentPath.node.left === node) return;
      let method = path.getFunctionParent() as Path | null;
      while (method && method.isArrowFunctionExpression()) method = method.getFunctionParent() as Path | null;
      if (!method) return;
      const entry = byMethod.get(method.node) ?? { method, reads: [] };
      entry.reads.push(path as Path);
      byMethod.set(method.node, entry);
    },
  });
  const edits = ctx.tx.at(module);
  for (const entry of byMethod.values()) {
    // Handed to code that connects it once (`new StdioChannel(this.server)`): that code gets a server of its own.
    entry.reads = entry.reads.filter((path) => !handedOnce(ctx, module, path, factory));
  }
  for (const { method, reads } of byMethod.values()) {
    if (reads.length === 0) continue;
    if (!reads.some((path) => useOf(path) === 'connect')) {
      for (const path of reads) ctx.block(module, path, `\`this.${name}\` is used here outside the connection that builds its server; give this code the server of its own connection by hand`, RULES.serverUsedOutsideRequest);
      continue;
    }
    const place = commonPlace(reads, method.get('body') as Path);
    if (!place) {
      ctx.block(module, reads[0] as Path, `\`this.${name}\` is connected where no statement can hold a new server; build one per connection by hand`);
      continue;
    }
    edits.insertBefore(place.first, () => edits.statements(`const ${local} = ${factory.call}${edits.style.semi}`));
    for (const path of reads) edits.replace(path, () => module.j.identifier(local));
    ctx.absorb(reads);
  }
}

/**
 * A read passed as an argument whose value reaches only connects that run once for
 * it (a stdio entry, a start-up connect): the argument becomes a new server from the
 * factory. A connect that runs per connection is a level of its own, planned as such.
 */
function handedOnce(ctx: PlanContext, module: SourceModule, read: Path, factory: Factory): boolean {
  const parent = read.parentPath?.node as AnyNode;
  if (!['CallExpression', 'OptionalCallExpression', 'NewExpression'].includes(parent?.type) || !parent.arguments.includes(read.node)) return false;
  if (!carriesToConnect(read.node)) return false;
  const reached = ctx.model.sites.filter((site) => site.kind === 'connect' && site.serverTraces.some((trace) => trace.steps.some((step) => step.kind === 'argument' && step.arg.node === read.node)));
  if (reached.length === 0 || reached.some((site) => sharedUses(ctx.model, site).length > 0)) return false;
  const edits = ctx.tx.at(module);
  edits.replace(read, () => bareExpression(edits.expression(factory.call)));
  ctx.absorb([read]);
  return true;
}

/** `this.<name>` inside `root` becomes `local`. */
function renameField(ctx: PlanContext, module: SourceModule, root: Path, name: string, local: string): void {
  const edits = ctx.tx.at(module);
  root.traverse({
    MemberExpression(path) {
      const node = path.node as AnyNode;
      if (node.object.type === 'ThisExpression' && memberKey(node) === name) {
        edits.replace(path as Path, () => module.j.identifier(local));
        ctx.absorb([path as Path]);
      }
    },
  });
}

function connectOf(use: SharedUse): Path {
  return use.site.kind === 'connect' ? use.site.call : use.site.use;
}

function mentionsField(node: AnyNode, name: string): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) return current.forEach(visit);
    if (current.type === 'MemberExpression' && current.object?.type === 'ThisExpression' && memberKey(current) === name) found = true;
    for (const key of Object.keys(current)) if (key !== 'loc' && key !== 'comments' && key !== 'tokens') visit(current[key]);
  };
  visit(node);
  return found;
}

function callsHelper(node: AnyNode, helpers: Map<string, Path>): boolean {
  const call = node?.type === 'ExpressionStatement' ? bare(node.expression) : undefined;
  return call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && call.callee.object.type === 'ThisExpression' && helpers.has(`this.${memberKey(call.callee)}`);
}

function propertyName(node: AnyNode): string | undefined {
  if (node?.key?.type === 'Identifier') return node.key.name;
  if (node?.key?.type === 'PrivateName') return `#${node.key.id.name}`;
  return undefined;
}

function methodName(fn: FunctionPath | undefined): string | undefined {
  return fn ? propertyName(fn.node as AnyNode) : undefined;
}

function className(classPath: Path<t.Class>): string {
  return ((classPath.node as AnyNode).id?.name as string | undefined) ?? 'the class';
}

/** The names a module exports the class under. */
function exportedNames(module: SourceModule, classPath: Path<t.Class>): string[] {
  const parent = classPath.parentPath?.node as AnyNode;
  if (parent?.type === 'ExportDefaultDeclaration') return ['default'];
  const id = (classPath.node as AnyNode).id?.name as string | undefined;
  if (!id) return [];
  const names = parent?.type === 'ExportNamedDeclaration' ? [id] : [];
  for (const path of module.pathsOf('ExportSpecifier')) {
    const specifier = path.node as AnyNode;
    if (specifier.local?.name === id) names.push(specifier.exported.name ?? specifier.exported.value);
  }
  return names;
}

/** Parsed from `(code);`: it takes an argument's place without the parentheses. */
function bareExpression(node: AnyNode): AnyNode {
  if (node.extra) node.extra = { ...node.extra, parenthesized: false };
  return node;
}
