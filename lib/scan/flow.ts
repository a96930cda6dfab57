/*
 * Where a value comes from. From a use (`server` in `server.connect(t)`) the trace
 * walks back along every edge the value travelled: bindings and destructuring,
 * object properties and options objects, function returns, parameters (from every
 * call site the project shows), class fields, imports and re-exports, down to the
 * `new` that made it, or to the edge it cannot follow. Each step is kept: the plan
 * moves the creation down this same path.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { type SdkClasses, requiredModule, unwrapped } from './classes.js';
import type { AnyNode, Path, SourceModule } from './module.js';
import type { ExportTarget, Project } from './project.js';
import { type FunctionPath, type Invocation, Runs } from './runs.js';
import type { SdkClass } from './sdk-classes.js';

export type Step =
  /** A name read at `ref`; `binding` keeps the value. */
  | { kind: 'read'; module: SourceModule; ref: Path; binding: Binding }
  /** The binding's initialiser; `keys` are the properties destructuring takes from it. */
  | { kind: 'declared'; module: SourceModule; declarator: Path<t.VariableDeclarator>; keys: string[] }
  | { kind: 'assigned'; module: SourceModule; assignment: Path<t.AssignmentExpression> }
  /** A parameter, given by `call`'s argument `arg`. */
  | { kind: 'argument'; module: SourceModule; fn: FunctionPath; index: number; keys: string[]; call: Path; arg: Path }
  /** A function's result, returned by `value` to `call`. */
  | { kind: 'returned'; module: SourceModule; fn: FunctionPath; call: Path; value: Path }
  /** A property `key` of an object literal. */
  | { kind: 'property'; module: SourceModule; object: Path; key: string; value: Path }
  /** `this.<name>` read at `ref`, in a method of `classPath`. */
  | { kind: 'this-read'; module: SourceModule; ref: Path; classPath: Path<t.Class>; name: string }
  /** `this.<name>` of an instance of `classPath`, set to `value`. */
  | { kind: 'field'; module: SourceModule; classPath: Path<t.Class>; name: string; value: Path; member: Path }
  /** An import, and the export it reaches. */
  | { kind: 'imported'; module: SourceModule; specifier: Path; target: ExportTarget }
  /** `mcp.server`: the low-level server inside an McpServer. */
  | { kind: 'inner'; module: SourceModule; at: Path };

export type Origin =
  | { kind: 'created'; module: SourceModule; at: Path<t.NewExpression>; cls: SdkClass }
  /** A function value (when tracing what a call calls). */
  | { kind: 'function'; module: SourceModule; fn: FunctionPath }
  /** Handed in by code the project does not show: a framework, a package, another package's caller. */
  | { kind: 'external'; module: SourceModule; at: Path; why: string }
  /** An expression the trace cannot follow. */
  | { kind: 'unknown'; module: SourceModule; at: Path; why: string };

export interface Trace {
  /** From the use (first) back to the origin (last). */
  steps: Step[];
  origin: Origin;
}

const MAX_DEPTH = 40;

export class Flow {
  constructor(
    private readonly project: Project,
    private readonly classes: SdkClasses,
    private readonly runs: Runs,
  ) {}

  /** Every way the value of `expression` may have been made. */
  trace(expression: Path, module: SourceModule): Trace[] {
    return this.walk(expression, module, [], 0, new Set(), false);
  }

  /** The functions a callee expression may call. */
  callees(callee: Path, module: SourceModule): Array<{ fn: FunctionPath; module: SourceModule; steps: Step[] }> {
    return this.walk(callee, module, [], 0, new Set(), true).flatMap((trace) =>
      trace.origin.kind === 'function' ? [{ fn: trace.origin.fn, module: trace.origin.module, steps: trace.steps }] : [],
    );
  }

  private walk(path: Path, module: SourceModule, keys: string[], depth: number, seen: Set<string>, wantFunction: boolean): Trace[] {
    const unknown = (why: string): Trace[] => [{ steps: [], origin: { kind: 'unknown', module, at: path, why } }];
    if (depth > MAX_DEPTH) return unknown('the value passes through too many steps');
    const key = `${module.path}:${path.node.start}:${path.node.end}:${path.node.type}:${keys.join('.')}:${wantFunction}`;
    if (seen.has(key)) return [];
    // A guard against cycles on the path being walked only: two calls that hand on the
    // same value (a POST and a GET handler through one helper) are two traces, both kept.
    seen.add(key);
    try {
      return this.walkStep(path, module, keys, depth, seen, wantFunction, unknown);
    } finally {
      seen.delete(key);
    }
  }

  private walkStep(path: Path, module: SourceModule, keys: string[], depth: number, seen: Set<string>, wantFunction: boolean, unknown: UnknownFn): Trace[] {
    const next = (target: Path, targetModule: SourceModule, targetKeys: string[], step?: Step): Trace[] =>
      this.walk(target, targetModule, targetKeys, depth + 1, seen, wantFunction).map((trace) => ({ steps: step ? [step, ...trace.steps] : trace.steps, origin: trace.origin }));

    const node = path.node as AnyNode;
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return next(path.get('expression') as Path, module, keys);
      case 'AwaitExpression': {
        const source = requiredModule(node.argument);
        if (source && keys.length > 0) return this.fromModule(path, source, keys, module, depth, seen, wantFunction);
        return next(path.get('argument') as Path, module, keys);
      }
      case 'ConditionalExpression':
        return [...next(path.get('consequent') as Path, module, keys), ...next(path.get('alternate') as Path, module, keys)];
      case 'LogicalExpression':
        return [...next(path.get('left') as Path, module, keys), ...next(path.get('right') as Path, module, keys)];
      case 'SequenceExpression': {
        const expressions = path.get('expressions') as Path[];
        return next(expressions[expressions.length - 1] as Path, module, keys);
      }
      case 'AssignmentExpression':
        return node.operator === '=' ? next(path.get('right') as Path, module, keys) : unknown('a compound assignment');
      case 'NewExpression': {
        const cls = this.classes.ofNew(path, module);
        if (!cls) return unknown(`\`new ${shortText(module, node.callee)}(...)\` is not an SDK class`);
        if (keys.length === 0) return [{ steps: [], origin: { kind: 'created', module, at: path as Path<t.NewExpression>, cls } }];
        if (keys.length === 1 && keys[0] === 'server' && cls.name === 'McpServer') {
          return [{ steps: [{ kind: 'inner', module, at: path }], origin: { kind: 'created', module, at: path as Path<t.NewExpression>, cls } }];
        }
        return unknown(`a property of a new \`${cls.name}\``);
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
      case 'ObjectMethod':
        if (wantFunction && keys.length === 0) return [{ steps: [], origin: { kind: 'function', module, fn: path as FunctionPath } }];
        return unknown('a function');
      case 'NullLiteral':
        // No instance: `let transport = null`, `transport = null` hold nothing to share.
        return [];
      case 'ObjectExpression':
        return this.objectProperty(path, module, keys, next, unknown);
      case 'ArrayExpression': {
        if (keys.length === 0 || !/^\d+$/.test(keys[0] as string)) return unknown('an array');
        const element = (path.get('elements') as Path[])[Number(keys[0])];
        return element ? next(element, module, keys.slice(1)) : unknown('an array element');
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const property = memberKey(node);
        if (property === undefined) return unknown('a computed property');
        if (node.object.type === 'ThisExpression') return this.field(path, property, module, keys, next, unknown);
        // `ns.name` of `import * as ns` from a project module: that module's export.
        if (node.object.type === 'Identifier') {
          const binding = path.scope.getBinding(node.object.name);
          const source = binding?.path.node.type === 'ImportNamespaceSpecifier' ? (binding.path.parentPath?.node as AnyNode).source.value : undefined;
          if (source) return this.fromModule(path, source, [property, ...keys], module, depth, seen, wantFunction);
        }
        return next(path.get('object') as Path, module, [property, ...keys]);
      }
      case 'Identifier':
        return this.identifier(path, module, keys, next, unknown, depth, seen, wantFunction);
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.callResult(path, module, keys, next, unknown, depth, seen, wantFunction);
      default:
        return unknown(`a ${node.type}`);
    }
  }

  private objectProperty(path: Path, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn): Trace[] {
    if (keys.length === 0) return unknown('an object');
    const [wanted, ...rest] = keys as [string, ...string[]];
    const properties = path.get('properties') as Path[];
    // The last property of that name wins, as at run time; a spread after it may override it.
    for (let index = properties.length - 1; index >= 0; index--) {
      const property = properties[index] as Path;
      const node = property.node as AnyNode;
      if (node.type === 'SpreadElement') return unknown('an object spread');
      if (memberKey({ computed: node.computed, property: node.key }) !== wanted) continue;
      if (node.type === 'ObjectMethod') return next(property, module, rest, { kind: 'property', module, object: path, key: wanted, value: property });
      const value = property.get('value') as Path;
      return next(value, module, rest, { kind: 'property', module, object: path, key: wanted, value });
    }
    return unknown(`an object without \`${wanted}\``);
  }

  private identifier(path: Path, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn, depth: number, seen: Set<string>, wantFunction: boolean): Trace[] {
    const name = (path.node as t.Identifier).name;
    const binding = path.scope.getBinding(name);
    if (!binding) return name === 'undefined' ? [] : unknown(`\`${name}\` is not declared in this module`);
    const read: Step = { kind: 'read', module, ref: path, binding };
    const prefix = (traces: Trace[]) => traces.map((trace) => ({ steps: [read, ...trace.steps], origin: trace.origin }));
    const declaration = binding.path;
    const node = declaration.node as AnyNode;
    switch (binding.kind) {
      case 'module': {
        const importDeclaration = declaration.parentPath?.node as AnyNode;
        const source: string = importDeclaration.source.value;
        if (node.type === 'ImportNamespaceSpecifier') {
          if (keys.length === 0) return prefix(unknown('a module namespace'));
          return prefix(this.fromModule(declaration, source, keys, module, depth, seen, wantFunction));
        }
        const imported = node.type === 'ImportDefaultSpecifier' ? 'default' : (node.imported.name ?? node.imported.value);
        return prefix(this.fromModule(declaration, source, [imported, ...keys], module, depth, seen, wantFunction));
      }
      case 'param': {
        // `import('./x.js').then((m) => m.build())`: the callback's parameter is the module.
        const imported = importedModuleParameter(declaration);
        if (imported && keys.length > 0) return prefix(this.fromModule(declaration, imported, keys, module, depth, seen, wantFunction));
        return prefix(this.parameter(declaration, module, keys, next, unknown, binding.identifier));
      }
      case 'hoisted':
        if (node.type === 'FunctionDeclaration') return prefix(wantFunction && keys.length === 0 ? [{ steps: [], origin: { kind: 'function', module, fn: declaration as FunctionPath } }] : unknown('a function'));
        return prefix(unknown(`\`${name}\` is hoisted`));
      case 'const':
      case 'let':
      case 'var': {
        const traces: Trace[] = [];
        if (node.type === 'VariableDeclarator') {
          const destructured = node.id.type === 'Identifier' ? [] : keyPath(node.id, binding.identifier);
          if (destructured === undefined) return prefix(unknown('a destructuring the trace cannot follow'));
          if (node.init) {
            const step: Step = { kind: 'declared', module, declarator: declaration as Path<t.VariableDeclarator>, keys: destructured };
            traces.push(...next(declaration.get('init') as Path, module, [...destructured, ...keys], step));
          }
          // `const { build = (dev) => createServer(dev) } = options`: the default is one of the values too.
          const fallback = node.id.type === 'Identifier' ? undefined : defaultValue(declaration.get('id') as Path, binding.identifier);
          if (fallback) traces.push(...next(fallback, module, keys));
        } else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
          return prefix(unknown('a class'));
        }
        for (const violation of binding.constantViolations) {
          const assignment = violation.node as AnyNode;
          if (assignment.type !== 'AssignmentExpression' || assignment.operator !== '=' || assignment.left.type !== 'Identifier') {
            traces.push(...unknown(`\`${name}\` is changed in a way the trace cannot follow`));
            continue;
          }
          const step: Step = { kind: 'assigned', module, assignment: violation as Path<t.AssignmentExpression> };
          traces.push(...next(violation.get('right') as Path, module, keys, step));
        }
        if (traces.length === 0) return prefix(unknown(`\`${name}\` is never given a value`));
        return prefix(traces);
      }
      default:
        return prefix(unknown(`\`${name}\` (${binding.kind})`));
    }
  }

  /** A parameter: the argument every call site passes in that position. */
  private parameter(declaration: Path, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn, identifier?: t.Identifier): Trace[] {
    const fn = declaration.getFunctionParent() as FunctionPath | null;
    if (!fn) return unknown('a parameter');
    const params = fn.node.params as AnyNode[];
    let index = -1;
    let destructured: string[] | undefined = [];
    for (const [position, param] of params.entries()) {
      const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
      const target = inner.type === 'AssignmentPattern' ? inner.left : inner;
      if (target.type === 'Identifier' && target === declaration.node) {
        index = position;
        destructured = [];
        break;
      }
      // A destructured parameter's binding is the whole pattern: the name says which part.
      if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') {
        const found = keyPath(target, identifier && target === declaration.node ? identifier : declaration.node);
        if (found) {
          index = position;
          destructured = found;
          break;
        }
      }
      if (target.type === 'RestElement') {
        index = -2;
        break;
      }
    }
    if (index < 0 || destructured === undefined) return unknown('a parameter the trace cannot place');
    const allKeys = [...destructured, ...keys];
    const traces: Trace[] = [];
    for (const invocation of this.runs.invocations(fn, module)) traces.push(...this.argumentOf(invocation, fn, index, allKeys, next, unknown));
    return traces;
  }

  private argumentOf(invocation: Invocation, fn: FunctionPath, index: number, keys: string[], next: NextFn, unknown: UnknownFn): Trace[] {
    if (invocation.kind === 'escape') {
      const why = invocation.why === 'exported' || invocation.why === 'handler-export' ? 'a parameter of an exported function, given by its callers' : invocation.why === 'decorated' ? 'a parameter a framework passes' : 'a parameter of a function passed around';
      return [{ steps: [], origin: { kind: 'external', module: invocation.module, at: fn, why } }];
    }
    const site = invocation.site;
    let argIndex = index;
    if (invocation.kind === 'callback') {
      // fastify.register(plugin, opts): the plugin's second parameter is `opts`.
      if (invocation.how !== 'plugin' || index === 0) return [{ steps: [], origin: { kind: 'external', module: invocation.module, at: fn, why: 'a parameter the framework passes' } }];
      argIndex = index;
    }
    const args = site.get('arguments') as Path[];
    if (args.some((arg, position) => position <= argIndex && arg.isSpreadElement())) return unknown('an argument spread');
    const arg = args[argIndex];
    if (!arg) return [];
    const step: Step = { kind: 'argument', module: invocation.module, fn, index, keys, call: site, arg };
    return next(arg, invocation.module, keys, step);
  }

  /** `this.<name>`: what the class sets it to (a property initialiser, an assignment, a constructor parameter property). */
  private field(path: Path, name: string, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn): Trace[] {
    let holder = path.getFunctionParent() as FunctionPath | null;
    while (holder?.isArrowFunctionExpression()) holder = holder.getFunctionParent() as FunctionPath | null;
    const classPath = (holder ?? path).findParent((candidate) => candidate.isClass()) as Path<t.Class> | null;
    if (!classPath) return unknown(`\`this.${name}\` outside a class`);
    const read: Step = { kind: 'this-read', module, ref: path, classPath, name };
    return this.fieldValues(classPath, name, module, keys, next, unknown).map((trace) => ({ steps: [read, ...trace.steps], origin: trace.origin }));
  }

  private fieldValues(classPath: Path<t.Class>, name: string, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn): Trace[] {
    const traces: Trace[] = [];
    const step = (value: Path, member: Path): Step => ({ kind: 'field', module, classPath, name, value, member });
    for (const member of classPath.get('body.body') as Path[]) {
      const node = member.node as AnyNode;
      const memberName = node.key?.type === 'PrivateName' ? `#${node.key.id.name}` : node.key?.name;
      if ((node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') && node.kind === 'method' && memberName === name) {
        traces.push(...next(member, module, keys));
      }
      if ((node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') && memberName === name && node.value) {
        traces.push(...next(member.get('value') as Path, module, keys, step(member.get('value') as Path, member)));
      }
      if (node.type === 'ClassMethod' && node.kind === 'constructor') {
        for (const [position, param] of (node.params as AnyNode[]).entries()) {
          if (param.type !== 'TSParameterProperty') continue;
          const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
          if (inner.name !== name) continue;
          const paramPath = (member.get('params') as Path[])[position] as Path;
          const ctor = member as FunctionPath;
          for (const invocation of this.runs.invocations(ctor, module)) {
            traces.push(...this.argumentOf(invocation, ctor, position, keys, next, unknown).map((trace) => ({ steps: [step(paramPath, member), ...trace.steps], origin: trace.origin })));
          }
        }
      }
    }
    classPath.traverse({
      AssignmentExpression: (assignment) => {
        const left = assignment.node.left as AnyNode;
        if (left.type !== 'MemberExpression' || left.object.type !== 'ThisExpression' || memberKey(left) !== name) return;
        let owner = assignment.getFunctionParent() as FunctionPath | null;
        while (owner?.isArrowFunctionExpression()) owner = owner.getFunctionParent() as FunctionPath | null;
        if (owner?.parentPath?.parentPath?.node !== classPath.node) return;
        if (assignment.node.operator !== '=') return;
        traces.push(...next(assignment.get('right') as Path, module, keys, step(assignment.get('right') as Path, assignment)));
      },
    });
    if (traces.length === 0) return unknown(`\`this.${name}\` is never set in its class`);
    return traces;
  }

  /** An exported name of another module (`keys[0]`), followed into that module. */
  private fromModule(at: Path, source: string, keys: string[], module: SourceModule, depth: number, seen: Set<string>, wantFunction: boolean): Trace[] {
    const [exported, ...rest] = keys as [string, ...string[]];
    const target = this.project.resolve(module, source);
    if (!target) {
      return [{ steps: [], origin: { kind: 'external', module, at, why: source.startsWith('.') ? `'${source}' cannot be read` : `imported from the package '${source}'` } }];
    }
    const found = this.project.findExport(target, exported);
    if (!found) return [{ steps: [], origin: { kind: 'unknown', module, at, why: `'${source}' does not export \`${exported}\`` } }];
    const step: Step = { kind: 'imported', module, specifier: at, target: found };
    const continueAt = (path: Path, targetModule: SourceModule, targetKeys: string[]) =>
      this.walk(path, targetModule, targetKeys, depth + 1, seen, wantFunction).map((trace) => ({ steps: [step, ...trace.steps], origin: trace.origin }));
    if (found.kind === 'expression') return continueAt(found.node, found.module, rest);
    if (found.kind === 'namespace') return [{ steps: [step], origin: { kind: 'unknown', module, at, why: 'a re-exported namespace' } }];
    if (found.kind !== 'local') return [];
    const binding = found.module.scope.getBinding(found.local);
    if (!binding) return [{ steps: [step], origin: { kind: 'unknown', module, at, why: `\`${found.local}\` is not declared in its module` } }];
    // Continue as if the name were read where it is declared.
    const declared = binding.path;
    if (declared.isFunctionDeclaration()) {
      return wantFunction && rest.length === 0 ? [{ steps: [step], origin: { kind: 'function', module: found.module, fn: declared as FunctionPath } }] : [];
    }
    return continueAt(binding.identifier === declared.node ? declared : (findIdentifierPath(declared, binding.identifier) ?? declared), found.module, rest);
  }

  /** What a call returns: the values the called function returns (each within that call). */
  private callResult(path: Path, module: SourceModule, keys: string[], next: NextFn, unknown: UnknownFn, depth: number, seen: Set<string>, wantFunction: boolean): Trace[] {
    const node = path.node as AnyNode;
    const source = requiredModule(node);
    if (source) return keys.length > 0 ? this.fromModule(path, source, keys, module, depth, seen, wantFunction) : unknown('a module');
    const callee = path.get('callee') as Path;
    // `promise.then((value) => make(value))`: once awaited, the value is what the callback returns.
    const then = thenCallback(path);
    if (then) {
      return returnedValues(then).flatMap((value) => {
        const step: Step = { kind: 'returned', module, fn: then, call: path, value };
        return this.walk(value, module, keys, depth + 1, seen, wantFunction).map((trace) => ({ steps: [step, ...trace.steps], origin: trace.origin }));
      });
    }
    const functions = this.callees(callee, module);
    if (functions.length === 0) return [{ steps: [], origin: { kind: 'external', module, at: path, why: `what \`${shortText(module, node.callee)}(...)\` returns` } }];
    const traces: Trace[] = [];
    for (const { fn, module: fnModule } of functions) {
      const returns = returnedValues(fn);
      if (returns.length === 0) traces.push(...unknown(`\`${shortText(module, node.callee)}\` returns nothing the trace can follow`));
      for (const value of returns) {
        const step: Step = { kind: 'returned', module: fnModule, fn, call: path, value };
        traces.push(...this.walk(value, fnModule, keys, depth + 1, seen, wantFunction).map((trace) => ({ steps: [step, ...trace.steps], origin: trace.origin })));
      }
    }
    void next;
    return traces;
  }
}

type NextFn = (target: Path, module: SourceModule, keys: string[], step?: Step) => Trace[];
type UnknownFn = (why: string) => Trace[];

/** The values a function returns (its own returns, not those of functions inside it). */
export function returnedValues(fn: FunctionPath): Path[] {
  const node = fn.node as AnyNode;
  if (node.body?.type !== 'BlockStatement') return node.body ? [fn.get('body') as Path] : [];
  const found: Path[] = [];
  fn.traverse({
    Function: (inner) => inner.skip(),
    ReturnStatement: (statement) => {
      if (statement.node.argument) found.push(statement.get('argument') as Path);
    },
  });
  return found;
}

/** The property path to `identifier` inside a destructuring pattern (`{ a: { b } }` -> ['a', 'b']). */
export function keyPath(pattern: AnyNode, identifier: AnyNode): string[] | undefined {
  if (pattern === identifier) return [];
  switch (pattern?.type) {
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') continue;
        const key = memberKey({ computed: property.computed, property: property.key });
        const inner = keyPath(property.value, identifier);
        if (inner !== undefined) return key === undefined ? undefined : [key, ...inner];
      }
      return undefined;
    case 'ArrayPattern':
      for (const [index, element] of pattern.elements.entries()) {
        const inner = keyPath(element, identifier);
        if (inner !== undefined) return [String(index), ...inner];
      }
      return undefined;
    case 'AssignmentPattern':
      return keyPath(pattern.left, identifier);
    default:
      return undefined;
  }
}

/** The callback of `x.then(callback)`, written in place. */
function thenCallback(call: Path): FunctionPath | undefined {
  const node = call.node as AnyNode;
  if (node.callee?.type !== 'MemberExpression' || memberKey(node.callee) !== 'then' || node.arguments.length !== 1) return undefined;
  const callback = (call.get('arguments') as Path[])[0] as Path;
  return callback.isArrowFunctionExpression() || callback.isFunctionExpression() ? (callback as FunctionPath) : undefined;
}

/** The module a parameter stands for: the first parameter of the callback of `import('./x.js').then(...)`. */
function importedModuleParameter(declaration: Path): string | undefined {
  const fn = declaration.parentPath;
  if (!fn || !(fn.isArrowFunctionExpression() || fn.isFunctionExpression()) || (fn.node as AnyNode).params[0] !== declaration.node) return undefined;
  const call = fn.parentPath;
  if (!call || thenCallback(call) !== fn) return undefined;
  return requiredModule(((call.node as AnyNode).callee as AnyNode).object);
}

/** The default a destructuring pattern gives `identifier` when the value has none (`{ a = 1 }`). */
function defaultValue(pattern: Path, identifier: t.Identifier): Path | undefined {
  let found: Path | undefined;
  pattern.traverse({
    AssignmentPattern(path) {
      if (!found && path.node.left === identifier) found = path.get('right') as Path;
    },
  });
  return found;
}

/** `a.b` -> 'b', `a['b']` -> 'b'; undefined for other computed keys. */
export function memberKey(node: AnyNode): string | undefined {
  const property = node.property;
  if (!property) return undefined;
  if (!node.computed && property.type === 'Identifier') return property.name;
  if (!node.computed && property.type === 'PrivateName') return `#${property.id.name}`;
  if (property.type === 'StringLiteral') return property.value;
  if (property.type === 'NumericLiteral') return String(property.value);
  return undefined;
}

function findIdentifierPath(root: Path, identifier: AnyNode): Path | undefined {
  let found: Path | undefined;
  root.traverse({
    Identifier: (path) => {
      if (path.node === identifier) {
        found = path as Path;
        path.stop();
      }
    },
  });
  return found;
}

function shortText(module: SourceModule, node: AnyNode): string {
  const text = module.text_(node);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export { Runs };
