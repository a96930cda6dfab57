/*
 * Step: a parameter becomes a factory. A function that runs once and is handed the
 * server (`mountRoutes(app, server)`) takes a function that builds one instead, when
 * every call of it is in the project: each caller passes the factory of what it used
 * to pass (a builder, a factory it called once, a factory it was handed itself), and
 * the function calls it where a connection needs a server.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, contains } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';
import { connectOf } from '../uses.js';
import { rewireBinding } from '../rewire.js';
import { callsOf } from './callers.js';
import { factoryOfBinding } from '../factories.js';
import { markProcessWideKeepers } from './process-wide.js';
import { fieldFromParameter, optionFieldFactory } from './option-fields.js';

export function parameterFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  const name = binding.identifier.name;
  const param = binding.path as Path;
  const fn = param.parentPath as FunctionPath | null;
  const node = param.node as AnyNode;
  const passedIn = `\`${name}\` is one server passed in and connected to every connection's transport`;
  if (!fn || !(fn.node as AnyNode).params?.includes(node) || node.type !== 'Identifier') {
    // `function mount({ server, store }: Spec)`: the field of the options becomes a factory.
    const field = fieldFromParameter(binding);
    if (field && typeof field !== 'string') return optionFieldFactory(ctx, binding, module, cls, field, connectOf(at));
    // `function mount({ server, ... })`: the server is one option of an options object.
    const option = fn && (param.isObjectPattern() || param.findParent((path) => path.isObjectPattern())) ? ` as an option (\`{ ${name} }\`) of an options object` : '';
    return ctx.block(module, connectOf(at), `${passedIn}${option}; take a function that builds a server and call it per connection`);
  }
  const index = (fn.node as AnyNode).params.indexOf(node) as number;
  const calls = callsOf(ctx, fn, module);
  if ('blocker' in calls) return ctx.block(calls.blocker.module, calls.blocker.at === fn ? connectOf(at) : calls.blocker.at, `${passedIn}, ${calls.blocker.reason}; take a function that builds a server and call it per connection`);
  if (calls.calls.length === 0) return ctx.block(module, connectOf(at), `${passedIn}, by callers the rewrite does not see; take a function that builds a server and call it per connection`);

  const edits = ctx.tx.at(module);
  const factoryName = freeParamName(ctx, module, fn, name);
  let async = false;
  for (const { module: caller, call } of calls.calls) {
    const arg = (call.get('arguments') as unknown as Path[])[index];
    if (!arg || (arg.node as AnyNode).type === 'SpreadElement') {
      return ctx.block(caller, call, `${passedIn}, and this call does not pass it where the rewrite can see; pass a function that builds a server by hand`);
    }
    // Taken before its factory is found: the builder made for it must not take this call in as set-up.
    ctx.absorb([arg]);
    const given = argumentFactory(ctx, caller, arg, cls);
    if (!given) return undefined;
    async ||= given.async;
    const expression = given.reference ?? `() => ${given.call}`;
    ctx.tx.at(caller).replace(arg, () => ctx.tx.at(caller).expression(expression));
  }
  const annotation = node.typeAnnotation?.typeAnnotation ? edits.text(node.typeAnnotation.typeAnnotation) : undefined;
  const optional = node.optional ? '?' : '';
  edits.replace(param, () => {
    const type = annotation ? `: () => ${async ? `Promise<${annotation}>` : annotation}` : '';
    const arrow = edits.expression(`(${factoryName}${optional}${type}) => {}`);
    return arrow.params[0];
  });
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1, status: 'fixed', message: cls.role === 'transport' ? `\`${name}\` was one connected transport passed in for every request; the function now takes \`${factoryName}\` and gets one per request` : `\`${name}\` was one server passed in for every connection; the function now takes \`${factoryName}\` and builds a server per request or session` },
  });
  return { call: `${factoryName}()`, reference: factoryName, async, module, scope: fn, cls };
}

/** What the caller passes, as a factory: the factory of the binding it passed, or the call itself made again. */
export function argumentFactory(ctx: PlanContext, module: SourceModule, arg: Path, cls: SdkClass): Factory | undefined {
  const node = bare(arg.node as AnyNode);
  if (node?.type === 'Identifier') {
    const binding = arg.scope.getBinding(node.name);
    if (!binding) return ctx.block(module, arg, `\`${node.name}\` is passed here as the one server for every connection, but the rewrite cannot see where it is made; pass a function that builds a server by hand`);
    const factory = factoryOfBinding(ctx, binding, module, cls, arg);
    if (!factory) return undefined;
    if (factory.scope && !contains(factory.scope, arg)) {
      return ctx.block(module, arg, `\`${node.name}\` is built where this call cannot reach its builder; pass a function that builds a server by hand`);
    }
    rewireBinding(ctx, binding, module, factory);
    return factory;
  }
  if ((node?.type === 'NewExpression' && ctx.model.classes.ofNew(arg, module)?.role === 'server') || node?.type === 'CallExpression') {
    const traces = ctx.model.flow.trace(arg, module);
    if (traces.length > 0 && traces.every((trace) => trace.origin.kind === 'created' && trace.steps.every((step) => step.kind !== 'read' || step.binding.scope.getFunctionParent() !== null))) {
      if (node.type === 'CallExpression') markProcessWideKeepers(ctx, traces);
      const text = ctx.tx.at(module).text(node);
      // `build()`: the function itself is the factory.
      const reference = node.type === 'CallExpression' && node.arguments.length === 0 && node.callee.type === 'Identifier' ? node.callee.name : undefined;
      return { call: text, ...(reference ? { reference } : {}), async: (arg.node as AnyNode).type === 'AwaitExpression', module, scope: undefined, cls };
    }
  }
  return ctx.block(module, arg, `this passes one server for every connection in a way the rewrite cannot make again; pass a function that builds a server by hand`);
}

/** `createServer` for `server`, `createMcpServer` for `mcpServer`: free in the module and unused inside the function. */
export function freeParamName(ctx: PlanContext, module: SourceModule, fn: FunctionPath, name: string): string {
  // `_server` (unused on purpose) keeps its mark: `_createServer`.
  const unused = /^_+/.exec(name)?.[0] ?? '';
  const bareName = name.slice(unused.length);
  const base = `${unused}create${bareName.charAt(0).toUpperCase()}${bareName.slice(1)}`;
  const edits = ctx.tx.at(module);
  const body = module.text_(fn.node as never);
  const candidates = [base, `${unused}make${base.slice(unused.length + 'create'.length)}`, `${name}Factory`];
  for (const candidate of candidates) {
    if (!edits.isUsed(candidate) && !new RegExp(`\\b${candidate}\\b`).test(body) && !fn.scope.hasBinding(candidate)) {
      edits.claim(candidate);
      return candidate;
    }
  }
  return edits.freeName([`${base}Fn`]);
}
