/*
 * How often code runs. A server or transport is shared when it is kept by code that
 * runs once and used by code that runs once per request, session or stream. For
 * every function the scan works out how it is invoked (called by name, passed to a
 * framework, exported, constructed) and from that whether it may run many times for
 * one run of the code around it.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { HANDLER_DECORATORS, REQUEST_HANDLER_EXPORTS, callbackKind } from './frameworks.js';
import type { AnyNode, Path, SourceModule } from './module.js';
import type { Project } from './project.js';

export type FunctionPath = Path<t.Function>;

export type Invocation =
  /** Called by name (or constructed with `new`) at `site`. */
  | { kind: 'call'; site: Path; module: SourceModule }
  /** Passed to `site` as a callback. */
  | { kind: 'callback'; site: Path<t.CallExpression | t.NewExpression>; how: ReturnType<typeof callbackKind>; module: SourceModule }
  /** Handed to code the project does not show: a framework, a caller in another package. */
  | { kind: 'escape'; site: Path; why: 'exported' | 'returned' | 'stored' | 'object' | 'decorated' | 'uncalled' | 'handler-export'; module: SourceModule };

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export class Runs {
  private readonly repeatCache = new Map<t.Node, boolean>();
  private readonly invocationCache = new Map<t.Node, Invocation[]>();

  constructor(private readonly project: Project) {}

  /** The function that holds `path` (itself excluded), or undefined at the top level of a module. */
  static enclosing(path: Path): FunctionPath | undefined {
    return (path.getFunctionParent() as FunctionPath | null) ?? undefined;
  }

  /**
   * Whether `fn` may run many times for one run of the code around it: a route
   * handler, a listener, a function called from a handler or a loop. A callback that
   * runs right away (a promise callback, `AsyncLocalStorage.run`) does not repeat.
   */
  repeats(fn: FunctionPath, module: SourceModule): boolean {
    const known = this.repeatCache.get(fn.node);
    if (known !== undefined) return known;
    // A cycle (recursion, mutual calls) repeats.
    this.repeatCache.set(fn.node, true);
    const parent = Runs.enclosing(fn);
    let result = false;
    for (const invocation of this.invocations(fn, module)) {
      if (this.invocationRepeats(invocation, parent)) {
        result = true;
        break;
      }
    }
    this.repeatCache.set(fn.node, result);
    return result;
  }

  private invocationRepeats(invocation: Invocation, parent: FunctionPath | undefined): boolean {
    if (invocation.kind === 'escape') return true;
    const site = invocation.site;
    const siteFunction = Runs.enclosing(site);
    const runsLikeACall = () => inLoop(site, siteFunction) || this.repeatsBetween(siteFunction, parent, invocation.module) !== undefined;
    // A call from another module: the caller's code decides (the function's parent is that module's top level).
    if (invocation.kind === 'call') return runsLikeACall();
    switch (invocation.how) {
      case 'run-now':
      case 'plugin':
        return runsLikeACall();
      case 'per-request':
      case 'timer':
        return true;
      case 'listener':
      case 'unknown':
        // At start-up a callback handed to unknown code is a handler registered for many
        // events; inside a request it belongs to that request (it runs for it).
        return this.runsOnce(site, invocation.module) || runsLikeACall();
    }
  }

  /** Whether code at `path` runs at most once per process. */
  runsOnce(path: Path, module: SourceModule): boolean {
    return this.repeatsBetween(Runs.enclosing(path) ?? (path.isFunction() ? (path as FunctionPath) : undefined), undefined, module) === undefined && !inLoop(path, Runs.enclosing(path));
  }

  /**
   * The innermost function from `from` up to (not including) `until` that repeats:
   * the code there runs many times for one run of `until`. Undefined when none does.
   */
  repeatsBetween(from: FunctionPath | undefined, until: FunctionPath | undefined, module: SourceModule): FunctionPath | undefined {
    for (let current = from; current && current.node !== until?.node; current = Runs.enclosing(current)) {
      if (this.repeats(current, module)) return current;
    }
    return undefined;
  }

  /**
   * Where a value kept in `binding` is read more often than it is kept: the innermost
   * repeating function between the read and the code that declares the binding.
   * Undefined when every run of the read has its own value.
   */
  crossing(read: Path, binding: Binding, module: SourceModule): FunctionPath | undefined {
    const owner = binding.scope.getFunctionParent()?.path as FunctionPath | undefined;
    return this.repeatsBetween(Runs.enclosing(read) ?? (read.isFunction() ? (read as FunctionPath) : undefined), owner, module);
  }

  /** The innermost repeating function around `path` (itself when it is one): the per-connection code, if any. */
  repeatingScope(path: Path, module: SourceModule): FunctionPath | undefined {
    const start = path.isFunction() ? (path as FunctionPath) : Runs.enclosing(path);
    return this.repeatsBetween(start, undefined, module);
  }

  /** Every way a function is invoked. */
  invocations(fn: FunctionPath, module: SourceModule): Invocation[] {
    let list = this.invocationCache.get(fn.node);
    if (!list) {
      list = this.findInvocations(fn, module);
      this.invocationCache.set(fn.node, list);
    }
    return list;
  }

  private findInvocations(fn: FunctionPath, module: SourceModule): Invocation[] {
    const node = fn.node as AnyNode;
    if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') return this.methodInvocations(fn, module);
    if (node.type === 'ObjectMethod') return [{ kind: 'escape', site: fn, why: 'object', module }];
    if (node.type === 'FunctionDeclaration') {
      if (!node.id) return [{ kind: 'escape', site: fn, why: 'exported', module }];
      return this.referenceInvocations(fn, node.id.name, fn.parentPath?.scope ?? fn.scope, module);
    }
    // A function expression: where it is written decides.
    let value: Path = fn;
    while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression|TypeCastExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
    const parent = value.parentPath as Path;
    const parentNode = parent.node as AnyNode;
    switch (parentNode.type) {
      case 'CallExpression':
      case 'NewExpression':
      case 'OptionalCallExpression': {
        if (parentNode.callee === value.node) return [{ kind: 'call', site: parent, module }];
        const index = parentNode.arguments.indexOf(value.node);
        return [{ kind: 'callback', site: parent as Path<t.CallExpression>, how: callbackKind(parentNode, index), module }];
      }
      case 'VariableDeclarator':
        if (parentNode.id.type === 'Identifier' && parentNode.init === value.node) {
          return this.referenceInvocations(fn, parentNode.id.name, parent.scope, module);
        }
        return [{ kind: 'escape', site: parent, why: 'stored', module }];
      case 'AssignmentExpression':
        if (parentNode.left.type === 'Identifier') return this.referenceInvocations(fn, parentNode.left.name, parent.scope, module);
        return [{ kind: 'escape', site: parent, why: 'stored', module }];
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'PropertyDefinition':
        return this.methodInvocations(fn, module, parent);
      case 'ExportDefaultDeclaration':
        return [{ kind: 'escape', site: parent, why: 'handler-export', module }];
      case 'ReturnStatement':
      case 'ArrowFunctionExpression':
        return [{ kind: 'escape', site: parent, why: 'returned', module }];
      case 'ObjectProperty':
        return [{ kind: 'escape', site: parent, why: 'object', module }];
      default:
        return [{ kind: 'escape', site: parent, why: 'stored', module }];
    }
  }

  /** Calls of a function through the name it is bound to, in this module and (when exported) in its importers. */
  private referenceInvocations(fn: FunctionPath, name: string, scope: Path['scope'], module: SourceModule): Invocation[] {
    const binding = scope.getBinding(name);
    if (!binding) return [{ kind: 'escape', site: fn, why: 'stored', module }];
    const found: Invocation[] = [];
    for (const ref of binding.referencePaths) {
      const invocation = this.useAsInvocation(ref, module);
      if (invocation.kind === 'escape' && invocation.why === 'exported') {
        found.push(...this.exportedInvocations(ref, name, module));
        continue;
      }
      found.push(invocation);
    }
    // `export function f() {}` is exported by its declaration.
    if (fn.parentPath?.isExportNamedDeclaration() || (fn.parentPath?.isVariableDeclarator() && fn.parentPath.parentPath?.parentPath?.isExportNamedDeclaration())) {
      found.push(...this.exportedInvocations(fn, name, module));
    }
    if (found.length === 0) found.push({ kind: 'escape', site: fn, why: 'uncalled', module });
    return found;
  }

  /** How one reference to a function uses it. */
  private useAsInvocation(ref: Path, module: SourceModule): Invocation {
    let value: Path = ref;
    while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression|AwaitExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
    const parent = value.parentPath as Path;
    const node = parent.node as AnyNode;
    if ((node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'OptionalCallExpression') && node.callee === value.node) {
      return { kind: 'call', site: parent, module };
    }
    // f.call(this, ...), f.apply(...), f.bind(...)()
    if (node.type === 'MemberExpression' && node.object === value.node && ['call', 'apply'].includes(node.property?.name) && parent.parentPath?.isCallExpression()) {
      return { kind: 'call', site: parent.parentPath as Path, module };
    }
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node.arguments.includes(value.node)) {
      return { kind: 'callback', site: parent as Path<t.CallExpression>, how: callbackKind(node, node.arguments.indexOf(value.node)), module };
    }
    // Babel counts `export function f` / `export class C` as a reference from the module body.
    if (node.type === 'ExportSpecifier' || node.type === 'ExportDefaultDeclaration' || node.type === 'Program' || node.type === 'ExportNamedDeclaration') return { kind: 'escape', site: parent, why: 'exported', module };
    return { kind: 'escape', site: parent, why: 'stored', module };
  }

  /** An exported function: called from the modules that import it, or by a framework. */
  private exportedInvocations(at: Path, local: string, module: SourceModule): Invocation[] {
    const exportedNames = [...this.project.exportsOf(module)].filter(([, target]) => target.kind === 'local' && target.local === local).map(([name]) => name);
    if (exportedNames.some((name) => name === 'default' || REQUEST_HANDLER_EXPORTS.has(name))) return [{ kind: 'escape', site: at, why: 'handler-export', module }];
    const found: Invocation[] = [];
    for (const importer of this.project.importersOf(module)) {
      for (const specifier of importer.pathsOf('ImportSpecifier', 'ImportDefaultSpecifier')) {
        const spec = specifier.node as AnyNode;
        const imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : (spec.imported.name ?? spec.imported.value);
        if (!exportedNames.includes(imported)) continue;
        const declaration = specifier.parentPath?.node as AnyNode;
        const target = this.project.resolve(importer, declaration.source.value);
        if (target?.path !== module.path) continue;
        const binding = specifier.scope.getBinding(spec.local.name);
        for (const ref of binding?.referencePaths ?? []) found.push(this.useAsInvocation(ref, importer));
      }
    }
    // Exported for other packages, or importers we cannot see: their code calls it.
    if (found.length === 0) found.push({ kind: 'escape', site: at, why: 'exported', module });
    return found.flatMap((invocation) => (invocation.kind === 'escape' && invocation.why === 'exported' && invocation.module !== module ? [] : [invocation]));
  }

  /** A class method (or arrow-valued property): constructed or called through `this`, or called by a framework. */
  private methodInvocations(fn: FunctionPath, module: SourceModule, property?: Path): Invocation[] {
    const member = (property ?? fn).node as AnyNode;
    const classPath = (property ?? fn).findParent((path) => path.isClass()) as Path<t.Class> | null;
    if (!classPath) return [{ kind: 'escape', site: fn, why: 'stored', module }];
    if ((member.decorators ?? []).some((decorator: AnyNode) => HANDLER_DECORATORS.has(decoratorName(decorator) ?? ''))) {
      return [{ kind: 'escape', site: fn, why: 'decorated', module }];
    }
    if (member.kind === 'constructor') return this.constructions(classPath, module);
    const name = member.key?.type === 'Identifier' ? member.key.name : member.key?.type === 'PrivateName' ? `#${member.key.id.name}` : undefined;
    const found: Invocation[] = [];
    let outside = false;
    classPath.traverse({
      MemberExpression: (path) => {
        const node = path.node as AnyNode;
        if (node.object.type !== 'ThisExpression') return;
        const property = node.property.type === 'PrivateName' ? `#${node.property.id.name}` : node.computed ? undefined : node.property.name;
        if (property !== name) return;
        found.push(this.useAsInvocation(path as Path, module));
      },
    });
    // A public method may also be called from outside (by a framework, or through an instance).
    const isPrivate = member.accessibility === 'private' || member.accessibility === 'protected' || member.type === 'ClassPrivateMethod' || member.key?.type === 'PrivateName';
    if (!isPrivate && !found.some((invocation) => invocation.kind === 'call' && this.isConstructorCall(invocation.site, classPath))) outside = true;
    if (found.length === 0 || outside) found.push({ kind: 'escape', site: fn, why: 'stored', module });
    return found;
  }

  /** A call through `this` made only from the constructor: the method runs once per instance. */
  private isConstructorCall(site: Path, classPath: Path<t.Class>): boolean {
    const fn = Runs.enclosing(site) as AnyNode;
    return fn?.node.kind === 'constructor' && fn.parentPath?.parentPath?.node === classPath.node;
  }

  /**
   * Whether instances of a class live long: built by code that runs once (or by a
   * framework that keeps one, or by code the project does not show). Fields of such
   * an instance are shared by everything that runs per connection.
   */
  longLived(classPath: Path<t.Class>, module: SourceModule): boolean {
    const sites = this.constructions(classPath, module);
    if (sites.some((site) => site.kind === 'call' && this.repeatingScope(site.site, site.module) !== undefined)) return false;
    return true;
  }

  /** Where a class is constructed: `new C(...)` in this module and its importers. */
  private constructions(classPath: Path<t.Class>, module: SourceModule): Invocation[] {
    const node = classPath.node as AnyNode;
    const name = node.id?.name ?? (classPath.parentPath?.isVariableDeclarator() ? (classPath.parentPath.node.id as AnyNode).name : undefined);
    if (!name) return [{ kind: 'escape', site: classPath, why: 'stored', module }];
    const binding = classPath.scope.getBinding(name) ?? classPath.parentPath?.scope.getBinding(name);
    const found: Invocation[] = [];
    let exported = classPath.parentPath?.isExportNamedDeclaration() || classPath.parentPath?.isExportDefaultDeclaration();
    for (const ref of binding?.referencePaths ?? []) {
      const parent = ref.parentPath?.node as AnyNode;
      if (parent?.type === 'NewExpression' && parent.callee === ref.node) found.push({ kind: 'call', site: ref.parentPath as Path, module });
      else if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration' || parent?.type === 'Program' || parent?.type === 'ExportNamedDeclaration') exported = true;
      else if (parent?.type === 'ClassDeclaration' || parent?.type === 'ClassExpression') continue;
      else found.push({ kind: 'escape', site: ref, why: 'stored', module });
    }
    if (exported) {
      const exportedNames = [...this.project.exportsOf(module)].filter(([, target]) => target.kind === 'local' && target.local === name).map(([exportedName]) => exportedName);
      let seen = false;
      for (const importer of this.project.importersOf(module)) {
        for (const specifier of importer.pathsOf('ImportSpecifier', 'ImportDefaultSpecifier')) {
          const spec = specifier.node as AnyNode;
          const imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : (spec.imported.name ?? spec.imported.value);
          if (!exportedNames.includes(imported)) continue;
          if (this.project.resolve(importer, (specifier.parentPath?.node as AnyNode).source.value)?.path !== module.path) continue;
          for (const ref of specifier.scope.getBinding(spec.local.name)?.referencePaths ?? []) {
            const parent = ref.parentPath?.node as AnyNode;
            if (parent?.type === 'NewExpression' && parent.callee === ref.node) {
              found.push({ kind: 'call', site: ref.parentPath as Path, module: importer });
              seen = true;
            }
          }
        }
      }
      if (!seen) found.push({ kind: 'escape', site: classPath, why: 'exported', module });
    }
    // Frameworks that build one instance per process (Nest) construct it once.
    if (found.length === 0) found.push({ kind: 'escape', site: classPath, why: 'uncalled', module });
    return found;
  }
}

function decoratorName(decorator: AnyNode): string | undefined {
  let expression = decorator.expression;
  if (expression?.type === 'CallExpression') expression = expression.callee;
  if (expression?.type === 'Identifier') return expression.name;
  if (expression?.type === 'MemberExpression' && expression.property.type === 'Identifier') return expression.property.name;
  return undefined;
}

/** Whether `path` sits in a loop body inside `fn` (or at the top level when `fn` is undefined). */
export function inLoop(path: Path, fn: FunctionPath | undefined): boolean {
  for (let current: Path | null = path.parentPath; current && current.node !== fn?.node; current = current.parentPath) {
    if (LOOPS.has(current.node.type)) {
      // The loop's own head runs once per loop, the body many times.
      const loop = current.node as AnyNode;
      const child = path.findParent((candidate) => candidate.parentPath === current) ?? path;
      if (child.node === loop.body) return true;
    }
    if (current.isFunction()) return false;
  }
  return false;
}
