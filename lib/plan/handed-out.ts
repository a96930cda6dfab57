/*
 * Servers a public API hands out. An exported class whose public methods give its
 * users the server it keeps (`registry.find(id)`, `registry.open(config)` returning the
 * server) is configured by code the project does not show: its users register tools
 * on the instance they got. When per-connection code connects a server taken back
 * from that keeper, the trace stops inside it (a `Map` in a field) and no boundary is
 * found, yet every connection shares the kept instance. No local step can move the
 * users' registrations into a builder, so the connect is marked with that reason:
 * fixing it changes the public API. The package may have no manifest beside the
 * code (a copy, a monorepo folder), so the decision rests on the code's shape.
 */
import type * as t from '@babel/types';
import { IGNORE_DIRECTIVE, type Finding, RULES } from '../findings.js';
import type { ModuleChanges } from '../edit/changes.js';
import type { Step } from '../scan/flow.js';
import type { Model } from '../scan/model.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import type { ConnectSite } from '../scan/sites.js';
import { hasComment, lineOf, statementOf } from '../scan/statements.js';
import { returnedValues } from '../scan/flow.js';
import type { FunctionPath } from '../scan/runs.js';
import type { SharedUse } from './shared.js';

type ReturnedStep = Extract<Step, { kind: 'returned' }>;

export function markHandedOutServers(model: Model, uses: SharedUse[], changesOf: (module: SourceModule) => ModuleChanges, report: (module: SourceModule, finding: Finding) => void): void {
  const planned = new Set(uses.map((use) => use.site));
  for (const site of model.sites) {
    if (site.kind !== 'connect' || planned.has(site)) continue;
    if (!model.runs.repeatingScope(site.call, site.module)) continue;
    const statement = statementOf(site.call) ?? site.call;
    if (hasComment(statement.node, IGNORE_DIRECTIVE)) continue;
    const keeper = handedOutKeeper(model, site);
    if (!keeper) continue;
    const reason = `\`${keeper.getter}()\` returns a server that ${keeper.owner} keeps and hands to its users (${keeper.handedOutBy.map((name) => `\`${name}\``).join(', ')}), who configure it; every connection shares it, and building one per connection changes that public API: take a set-up function from the users and build the server per connection`;
    changesOf(site.module).mark(statement, reason);
    report(site.module, { rule: RULES.sharedServer, ...lineOf(site.call.node), status: 'review', message: reason });
  }
}

interface Keeper {
  /** The function the connect took the server from. */
  getter: string;
  /** Who keeps it, in words (`the exported class \`Registry\``). */
  owner: string;
  /** The public functions or methods that give the kept server to their callers. */
  handedOutBy: string[];
}

/**
 * The keeper behind a connect's server: every trace ends where the value is taken out
 * of something kept (`this.<field>...`, a module-level name) inside a function that
 * returns it, and that function belongs to a public API that returns servers.
 */
function handedOutKeeper(model: Model, site: ConnectSite): Keeper | undefined {
  if (site.serverTraces.length === 0) return undefined;
  let found: Keeper | undefined;
  for (const trace of site.serverTraces) {
    if (trace.origin.kind !== 'external' && trace.origin.kind !== 'unknown') return undefined;
    const returned = [...trace.steps].reverse().find((step): step is ReturnedStep => step.kind === 'returned');
    if (!returned || !keptValue(trace.origin.at)) return undefined;
    const keeper = publicKeeper(model, returned);
    if (!keeper) return undefined;
    found ??= keeper;
  }
  return found;
}

/** A value read from something that outlives one call: `this.x`, `this.x.get(id)`, a module-level name. */
function keptValue(at: Path): boolean {
  let node = at.node as AnyNode;
  for (;;) {
    if (node?.type === 'TSAsExpression' || node?.type === 'TSNonNullExpression' || node?.type === 'ParenthesizedExpression') node = node.expression;
    else if (node?.type === 'CallExpression' || node?.type === 'OptionalCallExpression') node = node.callee;
    else if (node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression') node = node.object;
    else break;
  }
  if (node?.type === 'ThisExpression') return true;
  if (node?.type !== 'Identifier') return false;
  const binding = at.scope.getBinding(node.name);
  return binding !== undefined && binding.scope.path.isProgram();
}

/**
 * The getter's owner when it is public: a method of an exported class (not private)
 * or an exported function, and the owner hands servers out: some public member or
 * export returns an SDK server to its callers.
 */
function publicKeeper(model: Model, step: ReturnedStep): Keeper | undefined {
  const fn = step.fn;
  const fnNode = fn.node as AnyNode;
  const module = step.module;
  if (fnNode.type === 'ClassMethod' || fnNode.type === 'ClassPrivateMethod') {
    const classPath = fn.findParent((path) => path.isClass()) as Path<t.Class> | null;
    if (!classPath || !isPublicMember(fnNode) || !exportedClass(classPath, module, model)) return undefined;
    const className = (classPath.node as AnyNode).id?.name as string;
    const handedOutBy: string[] = [];
    for (const member of (classPath.node as AnyNode).body.body as AnyNode[]) {
      if (member.type !== 'ClassMethod' || member.kind !== 'method' || !isPublicMember(member)) continue;
      if (returnsServer(member, classPath, model, module)) handedOutBy.push(`${member.key.name}()`);
    }
    if (handedOutBy.length === 0) return undefined;
    return { getter: `${className}.${fnNode.key?.name}`, owner: `the exported class \`${className}\``, handedOutBy };
  }
  return undefined;
}

function isPublicMember(member: AnyNode): boolean {
  return member.type === 'ClassMethod' && member.key?.type === 'Identifier' && member.accessibility !== 'private' && member.accessibility !== 'protected' && !member.static;
}

/** A class its module exports (`export class`, `export default class`, `export { C }`). */
function exportedClass(classPath: Path<t.Class>, module: SourceModule, model: Model): boolean {
  if (classPath.parentPath?.isExportNamedDeclaration() || classPath.parentPath?.isExportDefaultDeclaration()) return true;
  const name = (classPath.node as AnyNode).id?.name;
  if (!name) return false;
  return [...model.project.exportsOf(module).values()].some((target) => target.kind === 'local' && target.local === name);
}

/** Whether a method gives an SDK server to its caller: its declared return type, or a server it creates and returns. */
function returnsServer(member: AnyNode, classPath: Path<t.Class>, model: Model, module: SourceModule): boolean {
  const index = ((classPath.node as AnyNode).body.body as AnyNode[]).indexOf(member);
  const path = classPath.get(`body.body.${index}`) as Path;
  const returnType = member.returnType ? (path.get('returnType') as Path) : undefined;
  const annotation = returnType?.node as AnyNode;
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  // `McpServer | undefined`: each member of a union counts.
  const candidates: Path[] = [];
  if (type?.type === 'TSUnionType') (returnType?.get('typeAnnotation.types') as Path[]).forEach((inner) => candidates.push(inner));
  else if (returnType) candidates.push(returnType);
  for (const candidate of candidates) {
    if (model.classes.ofAnnotation(candidate, module)?.role === 'server') return true;
  }
  return returnedValues(path as FunctionPath).some((value) => model.flow.trace(value, module).some((trace) => trace.origin.kind === 'created' && trace.origin.cls.role === 'server'));
}
