/*
 * Step: an option becomes a factory. A plugin (`async (app, opts) => { ... }`) is
 * handed the server in its options object (`app.register(plugin, { server })`) and
 * takes it out in each route (`const { server } = opts`). When every registration and
 * call of the plugin is in the project, each passes the factory of what it passed
 * under the same key, the option's declared type becomes a function returning the old
 * type, and each route builds its own server from it (`const server = opts.server()`).
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { PlanContext } from '../context.js';
import type { SharedUse } from '../shared.js';
import { callsOf } from './callers.js';
import { argumentFactory } from './parameters.js';

/** The key the server is taken out under, when the use reads it from an options parameter by destructuring. */
export function optionKey(use: SharedUse): string | undefined {
  if (use.boundary.kind !== 'read' || use.boundary.binding.kind !== 'param') return undefined;
  const index = use.trace.steps.indexOf(use.boundary);
  const taken = use.trace.steps[index - 1];
  if (taken?.kind !== 'declared' || taken.keys.length !== 1) return undefined;
  return taken.keys[0];
}

/** Plans the option as a factory; false when the blocker is recorded. */
export function optionFactory(ctx: PlanContext, use: SharedUse, key: string): boolean {
  const { binding, module } = use.boundary as Extract<SharedUse['boundary'], { kind: 'read' }>;
  const param = binding.path as Path;
  const fn = param.parentPath as FunctionPath | null;
  const at = use.site.kind === 'connect' ? use.site.call : use.site.use;
  const carried = `\`${binding.identifier.name}.${key}\` is one server handed in through the options and connected to every connection's transport`;
  const index = fn ? ((fn.node as AnyNode).params as AnyNode[]).indexOf(param.node) : -1;
  if (!fn || index < 0) return block(ctx, module, at, `${carried}; pass a function that builds a server and call it per connection`);
  const calls = callsOf(ctx, fn, module, true);
  if ('blocker' in calls) return block(ctx, calls.blocker.module, calls.blocker.at === fn ? at : calls.blocker.at, `${carried}, ${calls.blocker.reason}; pass a function that builds a server and call it per connection`);
  if (calls.calls.length === 0) return block(ctx, module, at, `${carried}, by callers the rewrite does not see; pass a function that builds a server and call it per connection`);

  // Inside the plugin: every read of the option is a destructuring in code that runs per connection.
  const takes: Array<{ statement: Path; local: string }> = [];
  for (const ref of binding.referencePaths) {
    const parent = ref.parentPath?.node as AnyNode;
    if (parent?.type === 'MemberExpression' && parent.object === ref.node && !parent.computed && parent.property.name !== key) continue;
    const declarator = parent?.type === 'VariableDeclarator' && parent.init === ref.node ? parent : undefined;
    const pattern = declarator?.id;
    const property = pattern?.type === 'ObjectPattern' && pattern.properties.length === 1 ? pattern.properties[0] : undefined;
    const statement = ref.parentPath?.parentPath as Path | undefined;
    const keyName = property?.type === 'ObjectProperty' && !property.computed ? (property.key.name ?? property.key.value) : undefined;
    if (keyName !== key || property.value.type !== 'Identifier' || (statement?.node as AnyNode)?.declarations?.length !== 1) {
      if (!pattern || pattern.type !== 'ObjectPattern' || pattern.properties.some((each: AnyNode) => each.type === 'RestElement' || (each.key?.name ?? each.key?.value) === key)) {
        return block(ctx, module, ref, `${carried}, and it is read here in a way the rewrite cannot turn into a call; build a server per connection by hand`);
      }
      continue;
    }
    if (!ctx.model.runs.crossing(ref, binding, module)) return block(ctx, module, ref, `${carried}, and it is taken out here once for every connection; take it out inside the handler and build a server per connection`);
    takes.push({ statement: statement as Path, local: property.value.name });
  }
  if (takes.length === 0) return block(ctx, module, at, `${carried}; pass a function that builds a server and call it per connection`);

  // Every registration passes the factory of what it passed.
  let async = false;
  for (const { module: caller, call } of calls.calls) {
    // `app.register(plugin, options)` hands the options to the plugin's second parameter only.
    const callee = (call.node as AnyNode).callee;
    if (callee.type === 'MemberExpression' && (call.node as AnyNode).arguments[0] !== undefined && index !== 1 && !callee.computed && callee.property.name === 'register' && bareName((call.node as AnyNode).arguments[0]) === functionName(fn)) {
      return block(ctx, caller, call, `${carried}, and this registration hands the plugin something else there; pass a function that builds a server by hand`);
    }
    const options = (call.get('arguments') as unknown as Path[])[index];
    const object = options?.node as AnyNode;
    if (object?.type !== 'ObjectExpression' || object.properties.some((each: AnyNode) => each.type !== 'ObjectProperty')) {
      return block(ctx, caller, call, `${carried}, and this call does not pass its options as an object the rewrite can read; pass a function that builds a server by hand`);
    }
    const properties = (options as Path).get('properties') as unknown as Path[];
    const entry = properties.find((each) => !(each.node as AnyNode).computed && ((each.node as AnyNode).key.name ?? (each.node as AnyNode).key.value) === key);
    if (!entry) return block(ctx, caller, call, `${carried}, and this call does not pass \`${key}\`; pass a function that builds a server by hand`);
    const value = entry.get('value') as Path;
    const given = argumentFactory(ctx, caller, value, use.site.kind === 'connect' ? use.site.serverClass : { name: 'McpServer', role: 'server' });
    if (!given) return false;
    async ||= given.async;
    const expression = given.reference ?? `() => ${given.call}`;
    const edits = ctx.tx.at(caller);
    ctx.absorb([value]);
    edits.replace(entry, () => {
      const object = edits.expression(`{ ${key}: ${expression} }`);
      return object.properties[0];
    });
  }
  for (const { statement } of takes) {
    const holder = statement.getFunctionParent() as FunctionPath | null;
    if (async && !(holder?.node as AnyNode)?.async) return block(ctx, module, statement, `${carried}, and its builder is async while this handler is not; build a server per connection by hand`);
  }

  const edits = ctx.tx.at(module);
  for (const { statement, local } of takes) {
    const declaration = statement.node as AnyNode;
    edits.replace(statement, () => edits.statements(`${declaration.kind} ${local} = ${async ? 'await ' : ''}${binding.identifier.name}.${key}()${edits.style.semi}`)[0] as AnyNode);
    ctx.absorb([statement]);
  }
  ctx.absorb(binding.referencePaths);
  if (!retypeOption(ctx, module, param, key, async)) return block(ctx, module, param, `${carried}, and the options' type is declared where the rewrite cannot change \`${key}\` to a function; pass a function that builds a server by hand`);
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, line: (param.node as AnyNode).loc?.start.line ?? 0, column: ((param.node as AnyNode).loc?.start.column ?? 0) + 1, status: 'fixed', message: `\`${binding.identifier.name}.${key}\` was one server handed in through the options for every connection; the option now holds a function that builds one, called per request or session` },
  });
  return true;
}

/**
 * `interface Options { server: McpServer }` -> `{ server: () => McpServer }`, where the
 * parameter's type is declared in this module. False when the options are typed in a
 * way this cannot change (a type from elsewhere, an inline literal without the key).
 */
export function retypeOption(ctx: PlanContext, module: SourceModule, param: Path, key: string, async: boolean): boolean {
  // `opts: Options`, or `const plugin: FastifyPluginAsync<Options> = async (app, opts) => ...`.
  const holder = param.parentPath?.parentPath?.node as AnyNode;
  const generic = holder?.type === 'VariableDeclarator' ? holder.id.typeAnnotation?.typeAnnotation?.typeParameters?.params?.[0] : undefined;
  const annotation = (param.node as AnyNode).typeAnnotation?.typeAnnotation ?? generic;
  const inline = (param.node as AnyNode).typeAnnotation?.typeAnnotation === annotation && annotation ? (param.get('typeAnnotation.typeAnnotation') as Path) : undefined;
  const members = typeMembers(module, annotation, inline);
  const member = members?.find((each) => each.node.type === 'TSPropertySignature' && !each.node.computed && (each.node.key.name ?? each.node.key.value) === key);
  if (!annotation) return true;
  const type = member?.node.typeAnnotation?.typeAnnotation;
  if (!member || !type) return false;
  const edits = ctx.tx.at(module);
  const old = /^TS(Union|Intersection|Function|Constructor|Conditional)Type$/.test(type.type) ? `(${edits.text(type)})` : edits.text(type);
  edits.replace(member.path.get('typeAnnotation.typeAnnotation') as Path, () => {
    const alias = edits.statements(`type X = () => ${async ? `Promise<${old}>` : old}${edits.style.semi}`)[0] as AnyNode;
    return alias.typeAnnotation;
  });
  return true;
}

function typeMembers(module: SourceModule, annotation: AnyNode | undefined, annotationPath?: Path): Array<{ node: AnyNode; path: Path }> | undefined {
  // `params: { server: McpServer; ... }`: the members are written right there.
  if (annotation?.type === 'TSTypeLiteral' && annotationPath) return (annotationPath.get('members') as unknown as Path[]).map((path) => ({ node: path.node as AnyNode, path }));
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier') return undefined;
  const name = annotation.typeName.name;
  for (const statement of module.program.get('body') as unknown as Path[]) {
    const declaration = (statement.node as AnyNode).type === 'ExportNamedDeclaration' ? (statement.get('declaration') as Path) : statement;
    const node = declaration.node as AnyNode;
    if (node?.type === 'TSInterfaceDeclaration' && node.id.name === name) {
      return (declaration.get('body.body') as unknown as Path[]).map((path) => ({ node: path.node as AnyNode, path }));
    }
    if (node?.type === 'TSTypeAliasDeclaration' && node.id.name === name && node.typeAnnotation.type === 'TSTypeLiteral') {
      return (declaration.get('typeAnnotation.members') as unknown as Path[]).map((path) => ({ node: path.node as AnyNode, path }));
    }
  }
  return undefined;
}

function bareName(node: AnyNode): string | undefined {
  return node?.type === 'Identifier' ? node.name : node?.type === 'MemberExpression' && !node.computed ? node.property.name : undefined;
}

function functionName(fn: FunctionPath): string | undefined {
  const node = fn.node as AnyNode;
  const parent = fn.parentPath?.node as AnyNode;
  return node.id?.name ?? (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined);
}

function block(ctx: PlanContext, module: SourceModule, at: Path, reason: string): false {
  ctx.block(module, at, reason);
  return false;
}

export type { Binding };
