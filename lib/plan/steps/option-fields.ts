/*
 * Step: a field of an options object becomes a factory. A function that runs once is
 * handed the server inside its options (`mountRoutes({ server, store })`) and takes it
 * out once, in its signature (`({ server, store }: RouteSpec)`) or in its body
 * (`const { server, store } = params`); the code it sets up reads that one server on
 * every connection. When every call of the function is in the project, each passes the
 * factory of what it passed under the same key, the field's declared type becomes a
 * function returning the old type, and the destructuring takes the factory out under a
 * new name (`{ server: createServer }`); the reads that connect then build their own
 * server from it (rewire.ts).
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, lineOf } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';
import { callsOf } from './callers.js';
import { argumentFactory, freeParamName } from './parameters.js';
import { retypeOption } from './plugin-options.js';

/** Where the server is taken out of the options: the pattern property and the options parameter. */
export interface OptionField {
  /** The function whose parameter holds the options. */
  fn: FunctionPath;
  /** The parameter (an identifier destructured in the body, or the pattern itself). */
  param: Path;
  /** The `key` or `key: local` property that takes the server out. */
  property: Path;
  key: string;
}

/** `const { server } = params` with `params` a parameter of its function: the field, when the shape is plain. */
export function fieldFromDeclaration(binding: Binding, source: Binding, declarator: Path): OptionField | string {
  const fn = source.path.parentPath as FunctionPath | null;
  const param = source.path as Path;
  if (!fn || !((fn.node as AnyNode).params as AnyNode[])?.includes(param.node) || (param.node as AnyNode).type !== 'Identifier') return 'the options are not a plain parameter';
  const found = propertyOf(declarator.get('id') as Path, binding);
  if (!found) return 'the field is taken out with a default, a nested pattern or a computed key';
  // The options may be read only by this one destructuring and by reads of other fields.
  for (const ref of source.referencePaths) {
    const parent = ref.parentPath?.node as AnyNode;
    if (parent === declarator.node) continue;
    if (parent?.type === 'MemberExpression' && parent.object === ref.node && !parent.computed && parent.property.name !== found.key) continue;
    return `the options are read here too (\`${(ref.node as AnyNode).name}\` is used as a whole or its field read again)`;
  }
  return { fn, param, property: found.path, key: found.key };
}

/** `function f({ server, store }: Spec)`: the field, when the pattern is one of the function's parameters. */
export function fieldFromParameter(binding: Binding): OptionField | string | undefined {
  let pattern: Path | null = binding.path as Path;
  if (!pattern.isObjectPattern()) pattern = pattern.findParent((path) => path.isObjectPattern());
  const fn = pattern?.parentPath as FunctionPath | null;
  if (!pattern || !fn || !fn.isFunction()) return undefined;
  if (!((fn.node as AnyNode).params as AnyNode[]).includes(pattern.node)) return 'the field is taken out by a nested pattern or with a default for the whole options';
  const found = propertyOf(pattern, binding);
  if (!found) return 'the field is taken out with a default, a nested pattern or a computed key';
  return { fn, param: pattern, property: found.path, key: found.key };
}

/** The property of an object pattern that binds `binding` plainly (`key` or `key: local`). */
function propertyOf(pattern: Path, binding: Binding): { path: Path; key: string } | undefined {
  if (!pattern.isObjectPattern()) return undefined;
  for (const property of pattern.get('properties') as unknown as Path[]) {
    const node = property.node as AnyNode;
    if (node.type !== 'ObjectProperty' || node.computed || node.value !== binding.identifier) continue;
    const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined;
    if (key === undefined || !/^[A-Za-z_$][\w$]*$/.test(key)) return undefined;
    return { path: property, key };
  }
  return undefined;
}

/** Plans the field as a factory: callers, the field's type and the destructuring. */
export function optionFieldFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, field: OptionField, at: Path): Factory | undefined {
  const name = binding.identifier.name;
  const { fn, param, property, key } = field;
  const carried = `\`${name}\` is one server handed in on the \`${key}\` field of the options and connected to every connection's transport`;
  const index = ((fn.node as AnyNode).params as AnyNode[]).indexOf(param.node);
  const calls = callsOf(ctx, fn, module);
  if ('blocker' in calls) return ctx.block(calls.blocker.module, calls.blocker.at === fn ? at : calls.blocker.at, `${carried}, ${calls.blocker.reason}; pass a function that builds a server in that field and call it per connection`);
  if (calls.calls.length === 0) return ctx.block(module, at, `${carried}, by callers the rewrite does not see; pass a function that builds a server in that field and call it per connection`);

  // Every call passes the factory of what it passed, under the same key.
  let async = false;
  for (const { module: caller, call } of calls.calls) {
    const options = (call.get('arguments') as unknown as Path[])[index];
    const object = bare(options?.node as AnyNode);
    if (object?.type !== 'ObjectExpression' || object.properties.some((each: AnyNode) => each.type !== 'ObjectProperty')) {
      return ctx.block(caller, call, `${carried}, and this call does not pass its options as an object the rewrite can read; pass a function that builds a server in \`${key}\` by hand`);
    }
    let objectPath = options as Path;
    while (objectPath.node !== object) objectPath = objectPath.get('expression') as Path;
    const entry = (objectPath.get('properties') as unknown as Path[]).find((each) => !(each.node as AnyNode).computed && ((each.node as AnyNode).key.name ?? (each.node as AnyNode).key.value) === key);
    if (!entry) return ctx.block(caller, call, `${carried}, and this call does not pass \`${key}\`; pass a function that builds a server in it by hand`);
    const value = entry.get('value') as Path;
    // Taken before its factory is found: the builder made for it must not take this call in as set-up.
    ctx.absorb([value]);
    const given = argumentFactory(ctx, caller, value, cls);
    if (!given) return undefined;
    async ||= given.async;
    const expression = given.reference ?? `() => ${given.call}`;
    const edits = ctx.tx.at(caller);
    edits.replace(entry, () => edits.expression(`{ ${key}: ${expression} }`).properties[0]);
  }
  const shared = sharedType(ctx, module, param);
  if (shared) return ctx.block(module, param, `${carried}, and the options' type \`${shared}\` is used elsewhere too, where \`${key}\` would stop being a server; pass a function that builds a server in that field by hand`);
  if (!retypeOption(ctx, module, param, key, async)) {
    return ctx.block(module, param, `${carried}, and the options' type is declared where the rewrite cannot change \`${key}\` to a function; pass a function that builds a server in that field by hand`);
  }

  // The destructuring takes the factory out under a name of its own.
  const edits = ctx.tx.at(module);
  const factoryName = freeParamName(ctx, module, fn, name);
  edits.replace(property, () => {
    const declaration = edits.statements(`const { ${key}: ${factoryName} } = options${edits.style.semi}`)[0] as AnyNode;
    return declaration.declarations[0].id.properties[0];
  });
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, ...lineOf(property.node as AnyNode), status: 'fixed', message: `\`${name}\` was one ${cls.role === 'transport' ? 'connected transport' : 'server'} handed in on the \`${key}\` field of the options for every connection; that field now holds a function that ${cls.role === 'transport' ? 'makes one' : 'builds one'} (\`${factoryName}\`), called per request or session` },
  });
  return { call: `${factoryName}()`, reference: factoryName, async, module, scope: fn, cls };
}

/**
 * The name of the options' declared type when something else uses it too (another
 * annotation in the module, or an import of it elsewhere): changing its field would
 * change what those see.
 */
function sharedType(ctx: PlanContext, module: SourceModule, param: Path): string | undefined {
  const annotation = (param.node as AnyNode).typeAnnotation?.typeAnnotation;
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier') return undefined;
  const name = annotation.typeName.name as string;
  const references = module.pathsOf('TSTypeReference').filter((path) => {
    const typeName = (path.node as AnyNode).typeName;
    return typeName.type === 'Identifier' && typeName.name === name;
  });
  if (references.length > 1) return name;
  for (const importer of ctx.model.project.importersOf(module)) {
    for (const declaration of importer.pathsOf('ImportDeclaration', 'ExportNamedDeclaration')) {
      const node = declaration.node as AnyNode;
      if (!node.source || ctx.model.project.resolve(importer, node.source.value)?.path !== module.path) continue;
      if ((node.specifiers as AnyNode[]).some((specifier) => (specifier.imported?.name ?? specifier.local?.name) === name)) return name;
    }
  }
  return undefined;
}
