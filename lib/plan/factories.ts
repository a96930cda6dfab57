/*
 * How to get a new instance of what a binding holds. This is where the creation
 * moves down the path the value travelled: a declaration with its configuration
 * becomes a builder; a factory called once is called again where it is needed; a
 * parameter, an option, a field or an import is turned into a factory along the same
 * edge (see the steps). The first edge with no safe step is the blocker.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES } from '../findings.js';
import { unwrapped } from '../scan/classes.js';
import type { Trace } from '../scan/flow.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import type { FunctionPath } from '../scan/runs.js';
import type { SdkClass } from '../scan/sdk-classes.js';
import type { Factory, PlanContext } from './context.js';
import { extractBuilder } from './steps/builder.js';
import { dropCache } from './steps/cache.js';
import { stagedBuilder, stagesOf } from './steps/staged-builder.js';
import { parameterFactory } from './steps/parameters.js';
import { importedFactory } from './steps/imports.js';
import { configures } from './configuration.js';
import { bare } from '../scan/statements.js';
import { callsOf } from './steps/callers.js';
import { markProcessWideKeepers } from './steps/process-wide.js';
import { fieldFromDeclaration, optionFieldFactory } from './steps/option-fields.js';

/** A factory for the value a binding holds, or undefined when a blocker stops it (recorded in the plan). */
export function factoryOfBinding(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  if (ctx.factories.has(binding)) return ctx.factories.get(binding) ?? undefined;
  ctx.factories.set(binding, null);
  const factory = findFactory(ctx, binding, module, cls, at);
  ctx.factories.set(binding, factory ?? null);
  return factory;
}

function findFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  const name = binding.identifier.name;
  const declaration = binding.path;
  switch (binding.kind) {
    case 'param':
      return parameterFactory(ctx, binding, module, cls, at);
    case 'module':
      return importedFactory(ctx, binding, module, cls, at);
    case 'const':
    case 'let':
    case 'var':
      break;
    default:
      return ctx.block(module, declaration, `\`${name}\` holds one server shared by every connection, in a way the rewrite cannot follow; give each connection its own server`);
  }
  const declarator = declaration.node as AnyNode;
  if (declarator.type !== 'VariableDeclarator') return ctx.block(module, declaration, `\`${name}\` holds one server shared by every connection; give each connection its own server`);
  const statement = declaration.parentPath?.parentPath?.isExportNamedDeclaration() ? (declaration.parentPath.parentPath as Path) : (declaration.parentPath as Path);
  // let mcp = await build(); mcp = (await setup?.(mcp)) || mcp;  -> a local builder running every stage.
  const stages = binding.constantViolations.length > 0 ? stagesOf(binding, statement) : undefined;
  if (stages) return stagedBuilder(ctx, binding, module, cls, stages);
  // let server; function getServer() { if (!server) server = new McpServer(...); return server; }
  if (binding.constantViolations.length > 0) return dropCache(ctx, binding, module, cls);
  if (!declarator.init) return ctx.block(module, declaration, `\`${name}\` is never given a server the rewrite can see`);
  if (declarator.id.type !== 'Identifier') return destructuredFactory(ctx, binding, module, cls, statement);
  const init = declaration.get('init') as Path;
  const initNode = unwrapped(init.node);
  // A server created right here: it and its configuration become a builder.
  if (initNode?.type === 'NewExpression') return extractBuilder(ctx, { binding, module, statement, cls });
  const traces = ctx.model.flow.trace(init, module);
  if (initNode?.type === 'CallExpression' && traces.length > 0) {
    const fresh = freshCall(ctx, traces, module);
    if (fresh === 'cached') {
      // The callee keeps the one it built: it stops keeping it, then it is a factory.
      for (const trace of traces) if (!makeCallFresh(ctx, trace)) return undefined;
    } else if (!fresh) {
      return ctx.block(module, init, `\`${name}\` comes from \`${shortText(module, initNode.callee)}()\`, which the rewrite cannot read; call it per connection if it builds a new server each time`);
    }
    // The builder, called per connection now, may hand each new server to one object for the whole process.
    markProcessWideKeepers(ctx, traces);
    const configured = hasConfiguration(binding, statement);
    if (configured) return extractBuilder(ctx, { binding, module, statement, cls });
    if (!reevaluable(initNode.arguments)) {
      return ctx.block(module, init, `\`${name}\` comes from \`${shortText(module, initNode.callee)}(...)\` called once with arguments computed on the spot; call it per connection by hand`);
    }
    const async = init.node.type === 'AwaitExpression';
    ctx.absorb([statement]);
    // The once-built server goes, unless a step still needs it as it was (a returned handle).
    let kept = false;
    ctx.tx.at(module).removeUnless(statement, () => kept);
    const owner = (statement.getFunctionParent() as FunctionPath | null) ?? undefined;
    ctx.tx.fixed.push({ module, finding: { rule: RULES.sharedServer, ...lineAt(declarator), status: 'fixed', message: `\`${name}\` came from one call of \`${shortText(module, initNode.callee)}()\` shared by every connection; it is now called for each request or session` } });
    const callText = ctx.tx.at(module).text(initNode);
    const reference = initNode.arguments.length === 0 && (initNode.callee.type === 'Identifier' || initNode.callee.type === 'MemberExpression') ? ctx.tx.at(module).text(initNode.callee) : undefined;
    return { call: callText, reference, async, module, scope: owner, cls, keepOnce: () => (kept = true) };
  }
  // const mcp = server: the alias gets what the original gets.
  if (initNode?.type === 'Identifier' || initNode?.type === 'MemberExpression') {
    return ctx.block(module, init, `\`${name}\` is another name for a shared server; give each connection its own server`);
  }
  return ctx.block(module, init, `\`${name}\` holds one server shared by every connection; give each connection its own server`);
}

/** Whether the call's value is fresh each time ('cached' when the callee returns one it keeps). */
function freshCall(ctx: PlanContext, traces: Trace[], module: SourceModule): boolean | 'cached' {
  let cached = false;
  for (const trace of traces) {
    if (trace.origin.kind !== 'created') return false;
    for (const step of trace.steps) {
      if (step.kind === 'read' && ctx.model.runs.crossing(step.ref, step.binding, step.module)) cached = true;
      // Kept outside the function that returns it (at module level, or in the scope of the code around it).
      if (step.kind === 'read' && step.binding.scope.getFunctionParent()?.path.node !== step.ref.getFunctionParent()?.node && isReturnedCache(step)) cached = true;
    }
  }
  void module;
  return cached ? 'cached' : true;
}

/** A module-level binding returned by the function reading it: a cache, however often the function runs. */
function isReturnedCache(step: Extract<Trace['steps'][number], { kind: 'read' }>): boolean {
  const fn = step.ref.getFunctionParent();
  return Boolean(fn) && step.binding.constantViolations.some((violation) => violation.getFunctionParent()?.node === fn?.node);
}

/** Drops the cache the trace passes through, so the function it belongs to builds a new server each call. */
function makeCallFresh(ctx: PlanContext, trace: Trace): boolean {
  for (const step of trace.steps) {
    if (step.kind !== 'read' || step.binding.constantViolations.length === 0) continue;
    const holder = step.binding.scope.getFunctionParent();
    if (holder !== null) {
      // A cache in an enclosing function's scope outlives the calls that read it: not one this step drops.
      if (step.ref.getFunctionParent()?.node !== holder.path.node) {
        ctx.block(step.module, step.ref, `\`${step.binding.identifier.name}\` keeps one server for every connection in the scope of the code around it; build a new server for each connection`);
        return false;
      }
      continue;
    }
    return dropCache(ctx, step.binding, step.module, (trace.origin as { cls: SdkClass }).cls) !== undefined;
  }
  return true;
}

/** Statements beside the declaration that configure the instance. */
function hasConfiguration(binding: Binding, statement: Path): boolean {
  const list = statement.container as AnyNode[];
  const name = binding.identifier.name;
  return binding.referencePaths.some((ref) => {
    let current: Path | null = ref;
    while (current && current.container !== list) current = current.parentPath;
    return Boolean(current && current.node !== statement.node && configures(current.node, name));
  });
}

/** Arguments that give the same value when evaluated again: names, literals, property reads. */
export function reevaluable(args: AnyNode[]): boolean {
  const simple = (node: AnyNode): boolean => {
    const bareNode = bare(node);
    switch (bareNode?.type) {
      case 'Identifier':
      case 'StringLiteral':
      case 'NumericLiteral':
      case 'BooleanLiteral':
      case 'NullLiteral':
      case 'ThisExpression':
        return true;
      case 'TemplateLiteral':
        return bareNode.expressions.every(simple);
      case 'MemberExpression':
        return simple(bareNode.object) && (!bareNode.computed || simple(bareNode.property));
      case 'ObjectExpression':
        return bareNode.properties.every((property: AnyNode) => (property.type === 'SpreadElement' ? simple(property.argument) : property.type === 'ObjectProperty' && simple(property.value)));
      case 'ArrayExpression':
        return bareNode.elements.every((element: AnyNode) => !element || simple(element.type === 'SpreadElement' ? element.argument : element));
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return true;
      case 'UnaryExpression':
        return simple(bareNode.argument);
      case 'LogicalExpression':
      case 'BinaryExpression':
        return simple(bareNode.left) && simple(bareNode.right);
      case 'ConditionalExpression':
        return simple(bareNode.test) && simple(bareNode.consequent) && simple(bareNode.alternate);
      default:
        return false;
    }
  };
  return args.every(simple);
}

/**
 * `const { server, cleanup } = createServer()`: the whole declaration is made again
 * where a server is needed, when the call builds a new value each time and its
 * arguments give the same values there. The other names it declares come with it
 * (see rewire.ts); the call itself stays as written.
 */
function destructuredFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, statement: Path): Factory | undefined {
  const name = binding.identifier.name;
  const declarator = binding.path as Path;
  const declaration = statement.node as AnyNode;
  const pattern = (declarator.node as AnyNode).id;
  const init = declarator.get('init') as Path;
  const initNode = unwrapped(init.node);
  if (initNode?.type !== 'CallExpression') return fromValueHandedIn(ctx, binding, module, cls, init, statement);
  const callee = `${shortText(module, initNode.callee)}()`;
  if (declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) {
    return ctx.block(module, statement, `\`${name}\` is taken from one call of \`${callee}\` in a declaration that exports it or declares other variables too; build it per connection by hand`, RULES.unsupportedShape);
  }
  const key = plainKey(pattern, name);
  if (key === undefined) return ctx.block(module, statement, `\`${name}\` is taken from one call of \`${callee}\` by a destructuring with defaults, nesting or a rest element, which the rewrite does not repeat; build it per connection by hand`, RULES.unsupportedShape);
  const siblings: Binding[] = [];
  for (const other of Object.keys(declarator.getBindingIdentifiers())) {
    const sibling = statement.scope.getBinding(other);
    if (!sibling) return ctx.block(module, statement, `\`${name}\` is taken from one call of \`${callee}\` beside a name the rewrite cannot see; build it per connection by hand`);
    if (sibling.constantViolations.length > 0) return ctx.block(module, sibling.constantViolations[0] as Path, `\`${other}\` comes with \`${name}\` from one call of \`${callee}\` and is assigned again here; build the server per connection by hand`);
    if (sibling !== binding) siblings.push(sibling);
  }
  // What the call returns, from the server's own reads back through this declaration.
  const traces = callTraces(ctx, binding, module, declarator);
  const fresh = traces.length > 0 && freshCall(ctx, traces, module);
  if (fresh === 'cached') {
    for (const trace of traces) if (!makeCallFresh(ctx, trace)) return undefined;
  } else if (!fresh) {
    return ctx.block(module, init, `\`${name}\` is taken from one call of \`${callee}\`, which the rewrite cannot read; make that declaration per connection if it builds a new server each time`);
  }
  markProcessWideKeepers(ctx, traces);
  if (!reevaluable(initNode.arguments)) {
    return ctx.block(module, init, `\`${name}\` is taken from one call of \`${callee.slice(0, -2)}(...)\` with arguments computed on the spot; make that declaration per connection by hand`);
  }
  const async = init.node.type === 'AwaitExpression';
  const edits = ctx.tx.at(module);
  ctx.absorb([statement]);
  edits.remove(statement);
  const owner = (statement.getFunctionParent() as FunctionPath | null) ?? undefined;
  ctx.tx.fixed.push({ module, finding: { rule: RULES.sharedServer, ...lineAt(declarator.node), status: 'fixed', message: `\`${name}\` was taken from one call of \`${callee}\` shared by every connection; that declaration is now made for each request or session` } });
  const callText = edits.text(initNode);
  const text = `${declaration.kind} ${edits.text(pattern)} = ${async ? 'await ' : ''}${callText}`;
  const call = async ? `${callText}.then((value) => value.${key})` : `${callText}.${key}`;
  return { call, async, module, scope: owner, cls, declaration: { text, kind: declaration.kind, pattern: edits.text(pattern), init: callText, key, siblings, callee } };
}

/** The traces of the call's value: the steps after this declaration, down to where the server is made. */
function callTraces(ctx: PlanContext, binding: Binding, module: SourceModule, declarator: Path): Trace[] {
  const ref = binding.referencePaths[0];
  if (!ref) return [];
  const traces: Trace[] = [];
  for (const trace of ctx.model.flow.trace(ref, module)) {
    const index = trace.steps.findIndex((step) => step.kind === 'declared' && step.declarator.node === declarator.node);
    if (index < 0) return [];
    traces.push({ steps: trace.steps.slice(index + 1), origin: trace.origin });
  }
  return traces;
}

/** The property the pattern takes `name` from, when every property is a plain `key` or `key: local`. */
function plainKey(pattern: AnyNode, name: string): string | undefined {
  if (pattern?.type !== 'ObjectPattern') return undefined;
  let found: string | undefined;
  for (const property of pattern.properties as AnyNode[]) {
    if (property.type !== 'ObjectProperty' || property.computed || property.value.type !== 'Identifier') return undefined;
    const key = property.key.type === 'Identifier' ? property.key.name : undefined;
    if (key === undefined || !/^[A-Za-z_$][\w$]*$/.test(key)) return undefined;
    if (property.value.name === name) found = key;
  }
  return found;
}

/** `const { server } = options`: a server handed in inside an object; a parameter's field becomes a factory (steps/option-fields.ts). */
function fromValueHandedIn(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, init: Path, statement: Path): Factory | undefined {
  const name = binding.identifier.name;
  const source = bare(init.node as AnyNode);
  const sourceBinding = source?.type === 'Identifier' ? init.scope.getBinding(source.name) : undefined;
  if (sourceBinding?.kind === 'param') {
    // `const { server, store } = params`: the field of the options becomes a factory.
    const field = fieldFromDeclaration(binding, sourceBinding, binding.path as Path);
    if (typeof field !== 'string') return optionFieldFactory(ctx, binding, module, cls, field, statement);
    const fn = sourceBinding.path.parentPath as FunctionPath | null;
    const calls = fn ? callsOf(ctx, fn, module) : undefined;
    if (calls && 'blocker' in calls) {
      return ctx.block(module, statement, `\`${name}\` is one server handed in on \`${source.name}\` and connected to every connection's transport, ${calls.blocker.reason}; take a function that builds a server and call it per connection`);
    }
    if (calls && calls.calls.length === 0) {
      return ctx.block(module, statement, `\`${name}\` is one server handed in on \`${source.name}\` by callers outside the project (the function is exported for them), so that option is their API and the rewrite does not change it; take a function that builds a server in that option and call it per connection`);
    }
    return ctx.block(module, statement, `\`${name}\` is one server handed in on \`${source.name}.${name}\` and connected to every connection's transport, and ${field}; pass a function that builds a server in that field instead, and call it per connection`);
  }
  return ctx.block(module, statement, `\`${name}\` is taken from \`${shortText(module, init.node)}\`, a value built once and shared by every connection; build it per connection by hand`);
}

function shortText(module: SourceModule, node: AnyNode): string {
  const text = module.text_(node as t.Node);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function lineAt(node: AnyNode): { line: number; column: number } {
  return { line: node?.loc?.start.line ?? 0, column: (node?.loc?.start.column ?? 0) + 1 };
}

