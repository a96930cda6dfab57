/*
 * Step: a builder. The declaration of a shared instance and every statement beside it
 * that only configures it move into a function that builds a new one each call. The
 * function takes the place of the last of them, so state the module declares between
 * them stays where it was; the instance keeps its name inside.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { hasComment, lineOf, contains } from '../../scan/statements.js';
import { IGNORE_DIRECTIVE, RULES } from '../../findings.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { awaits, configures, handsOver, helperDeclared } from '../configuration.js';
import type { Builder, Factory, PlanContext } from '../context.js';
import { handsToConnect } from '../uses.js';

export const BUILDER_NAMES = ['createMcpServer', 'createMcpServerInstance', 'buildMcpServer', 'newMcpServer'];

export interface BuilderRequest {
  binding: Binding;
  module: SourceModule;
  /** The statement declaring the instance: `const server = new McpServer(...)`. */
  statement: Path;
  cls: SdkClass;
  /** The builder's name (an export keeps the name its importers use); a free name by default. */
  name?: string;
  /** Export the builder in place of the instance (`export const server` -> `export function createMcpServer`). */
  exported?: boolean;
}

export function extractBuilder(ctx: PlanContext, request: BuilderRequest): Factory | undefined {
  const { binding, module, statement, cls } = request;
  const edits = ctx.tx.at(module);
  const name = binding.identifier.name;
  const list = statement.container as AnyNode[];
  const declaration = statement.node as AnyNode;
  const variable = declaration.type === 'ExportNamedDeclaration' ? declaration.declaration : declaration;
  if (hasComment(declaration, IGNORE_DIRECTIVE) || hasComment(variable, IGNORE_DIRECTIVE)) return undefined;
  if (variable?.type !== 'VariableDeclaration' || variable.declarations.length !== 1) {
    return ctx.block(module, statement, `the shared server \`${name}\` is declared together with other variables; move it into a builder by hand`, RULES.unsupportedShape);
  }
  const start = list.indexOf(declaration);
  const siblings = statement.parentPath?.get(statement.listKey as string) as unknown as Path[];

  // Set-up helpers closed over the instance (`const tool = (...) => server.registerTool(...)`).
  // Code that hands the instance on to a step of this plan (a function that now takes a factory) is not set-up.
  const handedOn = (sibling: Path) => binding.referencePaths.some((ref) => ctx.isAbsorbed(ref) && contains(sibling, ref));
  const helpers = new Set<string>();
  for (const sibling of siblings.slice(start + 1)) {
    const helper = helperDeclared(sibling.node, name);
    if (helper && sibling.scope.getBinding(name) === binding && !handedOn(sibling)) helpers.add(helper);
  }
  // `const server = mcpServer.server;` used only to configure: a derived name of the instance, built with it.
  const aliases = derivedAliases(siblings.slice(start + 1), binding, name, helpers);
  const anchors: Path[] = [];
  for (const sibling of siblings.slice(start + 1)) {
    const node = sibling.node as AnyNode;
    if (handedOn(sibling)) continue;
    if (aliases.has(node)) {
      anchors.push(sibling);
      continue;
    }
    const aliasConfig = [...aliases.values()].some((alias) => configures(node, alias, helpers));
    if (!binding.referencePaths.some((ref) => contains(sibling, ref)) && !(helpers.size > 0 && callsOnly(node, helpers)) && !aliasConfig) continue;
    const helper = helperDeclared(node, name);
    if ((helper && helpers.has(helper)) || ((configures(node, name, helpers) || aliasConfig) && !handsToConnect(ctx.model, sibling))) anchors.push(sibling);
    else if (handsOver(node, name)) {
      ctx.block(module, sibling, `this hands \`${name}\` to code that keeps it; with one server per connection it would only see the newest one, so decide by hand which server it should get`, RULES.serverUsedOutsideRequest);
    }
  }
  // A helper used anywhere but in the set-up is a use of the shared server elsewhere.
  for (const helper of helpers) {
    const helperBinding = statement.scope.getBinding(helper);
    for (const ref of helperBinding?.referencePaths ?? []) {
      if (!anchors.some((anchor) => contains(anchor, ref))) {
        ctx.block(module, ref, `\`${helper}\` uses the shared server \`${name}\` and is called outside its set-up; call it with a per-connection server by hand`, RULES.serverUsedOutsideRequest);
      }
    }
  }
  let async = false;
  for (const anchor of anchors) {
    if (awaits(anchor.node)) {
      ctx.block(module, anchor, `this set-up of \`${name}\` awaits, so it cannot move into a synchronous builder`, RULES.unsupportedShape);
      async = true;
    }
  }
  if (async) return undefined;
  ctx.absorb([statement, ...anchors]);

  const builderName = request.name ?? edits.freeName(BUILDER_NAMES);
  const builder: Builder = { name: builderName, tail: [], before: [], after: [], local: name, moved: anchors, list, creation: (binding.path.get('init') as Path) };
  const owner = (statement.getFunctionParent() as FunctionPath | null) ?? undefined;
  const place = anchors.length > 0 ? (anchors[anchors.length - 1] as Path).node : declaration;
  const exported = request.exported === true && declaration.type === 'ExportNamedDeclaration';
  // A step may still need one instance under the old name (a returned handle): built once, right after the builder.
  let kept = false;
  edits.move((changes) => {
    const j = module.j;
    const style = changes.style;
    const body: AnyNode[] = [variable, ...anchors.map((anchor) => anchor.node)];
    for (const make of builder.tail) body.push(...make());
    if (builder.finish) body.push(...builder.finish());
    body.push(...changes.statements(`return ${name}${style.semi}`));
    const fn = j.functionDeclaration(j.identifier(builderName), [], j.blockStatement(body));
    let replacement: AnyNode = fn;
    if (exported) {
      replacement = j.exportNamedDeclaration(fn);
      replacement.comments = declaration.comments;
      declaration.comments = null;
    }
    keepTypeDeclarationsOutside(variable, replacement);
    const before = builder.before.flatMap((make) => make());
    const after = builder.after.flatMap((make) => make());
    const index = list.indexOf(place);
    // The instance kept once (a returned handle, start-up code) is declared once.
    const once = kept && after.length === 0 ? changes.statements(`const ${name} = ${builderName}()${style.semi}`) : [];
    list.splice(index, 1, ...before, replacement, ...once, ...after);
    for (const moved of [declaration, ...anchors.map((anchor) => anchor.node)]) {
      if (moved === place) continue;
      const at = list.indexOf(moved);
      if (at >= 0) list.splice(at, 1);
    }
    for (const node of body) changes.rehome(node, body);
    for (const node of [...before, replacement, ...once, ...after]) changes.rehome(node, list);
  });
  ctx.tx.fixed.push({
    module,
    finding: {
      rule: RULES.sharedServer,
      ...lineOf(variable.declarations[0]),
      status: 'fixed',
      message: `\`${name}\` was one server shared by every connection; it is now built by \`${builderName}()\` for each request or session`,
    },
  });
  const keepOnce = declaration.type === 'ExportNamedDeclaration' ? undefined : () => (kept = true);
  return { call: `${builderName}()`, reference: builderName, async: false, module, scope: owner, cls, builder, keepOnce };
}

/**
 * `const server = mcpServer.server;` beside the instance whose every use configures
 * it (`server.setRequestHandler(...)` beside it): part of the instance, so it moves
 * into the builder with the statements it configures. The declarations, by the alias.
 */
function derivedAliases(siblings: Path[], binding: Binding, name: string, helpers: ReadonlySet<string>): Map<AnyNode, string> {
  const aliases = new Map<AnyNode, string>();
  for (const sibling of siblings) {
    const node = sibling.node as AnyNode;
    if (node.type !== 'VariableDeclaration' || node.kind !== 'const' || node.declarations.length !== 1) continue;
    const declarator = node.declarations[0];
    const init = declarator.init;
    if (declarator.id.type !== 'Identifier' || (init?.type !== 'MemberExpression' && init?.type !== 'Identifier')) continue;
    const source = init.type === 'MemberExpression' ? init.object : init;
    if (init.type === 'MemberExpression' && (init.computed || init.property.name !== 'server')) continue;
    if (source.type !== 'Identifier' || source.name !== name || sibling.scope.getBinding(name) !== binding) continue;
    const alias = sibling.scope.getBinding(declarator.id.name);
    if (!alias || alias.constantViolations.length > 0) continue;
    // Every use of the alias is a configuring statement beside it.
    const uses = alias.referencePaths.every((ref) => siblings.some((other) => other !== sibling && contains(other, ref) && configures(other.node as AnyNode, declarator.id.name, helpers)));
    if (uses && alias.referencePaths.length > 0) aliases.set(node, declarator.id.name);
  }
  return aliases;
}


/** `helper(...)` statements (also in blocks, loops and ifs) calling set-up helpers only. */
function callsOnly(node: AnyNode, helpers: Set<string>): boolean {
  switch (node?.type) {
    case 'ExpressionStatement': {
      const call = node.expression;
      return call?.type === 'CallExpression' && call.callee.type === 'Identifier' && helpers.has(call.callee.name);
    }
    case 'BlockStatement':
      return node.body.length > 0 && node.body.every((child: AnyNode) => callsOnly(child, helpers));
    case 'ForOfStatement':
    case 'ForStatement':
      return callsOnly(node.body, helpers);
    case 'IfStatement':
      return callsOnly(node.consequent, helpers) && (!node.alternate || callsOnly(node.alternate, helpers));
    default:
      return false;
  }
}

/**
 * A JSDoc comment that declares a type (`@typedef`, `@callback`) above the instance
 * belongs to the module, not to the instance: it stays outside the builder, where
 * the rest of the module can still name the type.
 */
function keepTypeDeclarationsOutside(variable: AnyNode, builder: AnyNode): void {
  const comments: AnyNode[] = variable.comments ?? [];
  const typeDeclarations = comments.filter((comment) => comment.leading && /@(typedef|callback|import)\b/.test(comment.value));
  if (typeDeclarations.length === 0) return;
  variable.comments = comments.filter((comment) => !typeDeclarations.includes(comment));
  builder.comments = [...typeDeclarations, ...(builder.comments ?? [])];
}

export type { t };
