/*
 * Every call of a function in the project: through its name in its own module, and
 * through imports, re-exports, barrels and namespace imports in the others. A change
 * to what the function takes is safe only when all of them are known; the first use
 * that is not a plain call (the function passed around as a value, called from a
 * module the run does not write, exported from a package's public API) stops it.
 */
import type { Binding } from '@babel/traverse';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { isPublicExport } from '../../scan/published.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { PlanContext } from '../context.js';

export interface Call {
  module: SourceModule;
  /** The call expression whose callee is the function. */
  call: Path;
}

export type Callers = { calls: Call[] } | { blocker: { module: SourceModule; at: Path; reason: string } };

/** What finding callers needs: the project's modules, and which of them the run may change. */
export type CallersScope = Pick<PlanContext, 'editable'> & { model: { project: PlanContext['model']['project'] } };

/**
 * With `registrations`, a plugin handed to a framework's `register(plugin, options)`
 * counts as called there: the framework calls `plugin(instance, options)`, so the
 * register call's second argument is what the plugin's second parameter receives.
 */
export function callsOf(ctx: CallersScope, fn: FunctionPath, module: SourceModule, registrations = false): Callers {
  const callOf = (callee: Path) => plainCallOf(callee) ?? (registrations ? registrationOf(callee) : undefined);
  const named = nameOf(fn);
  if (!named) return { blocker: { module, at: fn, reason: 'by code the rewrite cannot follow (the function has no name it is called by)' } };
  const calls: Call[] = [];
  const exportedNames = new Set<string>(named.exported);
  for (const ref of named.binding?.referencePaths ?? []) {
    // Babel counts `export const f = ...` itself as a reference of `f`.
    if ((ref.node as AnyNode).type === 'ExportNamedDeclaration') continue;
    const parent = ref.parentPath?.node as AnyNode;
    if (parent?.type === 'ExportSpecifier' && parent.local === ref.node) {
      exportedNames.add(parent.exported.name ?? parent.exported.value);
      continue;
    }
    if (parent?.type === 'ExportDefaultDeclaration') {
      exportedNames.add('default');
      continue;
    }
    const call = callOf(ref);
    if (!call) return { blocker: { module, at: ref, reason: `and \`${named.name}\` is used here as a value, so the rewrite cannot see all its callers` } };
    calls.push({ module, call });
  }
  if (exportedNames.size > 0) {
    if (isPublicExport(ctx.model.project, module, [...exportedNames])) {
      return { blocker: { module, at: fn, reason: `by the callers of \`${named.name}\`, which is part of a published package's API, so other packages call it too; the API is not changed` } };
    }
    const found = importedCalls(ctx, module, exportedNames, new Set([module]), callOf);
    if ('blocker' in found) return found;
    calls.push(...found.calls);
  }
  return { calls };
}

/** The name a function is called by, its binding, and the names its declaration exports it under. */
function nameOf(fn: FunctionPath): { name: string; binding: Binding | undefined; exported: string[] } | undefined {
  const node = fn.node as AnyNode;
  const parent = fn.parentPath?.node as AnyNode;
  if (node.type === 'FunctionDeclaration' && node.id) {
    const exported = parent?.type === 'ExportNamedDeclaration' ? [node.id.name] : parent?.type === 'ExportDefaultDeclaration' ? ['default'] : [];
    return { name: node.id.name, binding: fn.parentPath?.scope.getBinding(node.id.name), exported };
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const statement = fn.parentPath?.parentPath?.parentPath?.node as AnyNode;
    const exported = statement?.type === 'ExportNamedDeclaration' ? [parent.id.name] : [];
    return { name: parent.id.name, binding: fn.parentPath?.scope.getBinding(parent.id.name), exported };
  }
  if (parent?.type === 'ExportDefaultDeclaration') return { name: 'default export', binding: undefined, exported: ['default'] };
  return undefined;
}

/** `app.register(plugin, { ... })`: the registration that hands the plugin its options. */
function registrationOf(ref: Path): Path | undefined {
  const call = ref.parentPath;
  const node = call?.node as AnyNode;
  if (node?.type !== 'CallExpression' || node.arguments[0] !== ref.node || node.callee.type !== 'MemberExpression') return undefined;
  return !node.callee.computed && node.callee.property.name === 'register' ? (call as Path) : undefined;
}

/** The call a callee (`f`, or `ns.f` for a namespace import) is called by, looking through parentheses and `!`. */
function plainCallOf(callee: Path): Path | undefined {
  while (callee.parentPath && ['TSNonNullExpression', 'ParenthesizedExpression'].includes((callee.parentPath.node as AnyNode).type)) callee = callee.parentPath;
  const call = callee.parentPath;
  const node = call?.node as AnyNode;
  return node?.type === 'CallExpression' && node.callee === callee.node ? (call as Path) : undefined;
}

function importedCalls(ctx: CallersScope, target: SourceModule, names: Set<string>, seen: Set<SourceModule>, callOf: (callee: Path) => Path | undefined): Callers {
  const project = ctx.model.project;
  const calls: Call[] = [];
  for (const importer of project.importersOf(target)) {
    if (seen.has(importer)) continue;
    seen.add(importer);
    const dynamic = dynamicCalls(ctx, importer, target, names, callOf);
    if ('blocker' in dynamic) return dynamic;
    calls.push(...dynamic.calls);
    for (const declaration of importer.pathsOf('ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration')) {
      const node = declaration.node as AnyNode;
      if (!node.source || project.resolve(importer, node.source.value)?.path !== target.path) continue;
      if (!ctx.editable(importer)) {
        return { blocker: { module: target, at: declaration, reason: `by callers in ${importer.path}, which this run does not rewrite` } };
      }
      if (node.type === 'ExportAllDeclaration') {
        const found = importedCalls(ctx, importer, names, seen, callOf);
        if ('blocker' in found) return found;
        calls.push(...found.calls);
        continue;
      }
      for (const specifierPath of declaration.get('specifiers') as unknown as Path[]) {
        const specifier = specifierPath.node as AnyNode;
        if (specifier.importKind === 'type' || node.importKind === 'type') continue;
        if (specifier.type === 'ImportNamespaceSpecifier') {
          const binding = specifierPath.scope.getBinding(specifier.local.name);
          for (const ref of binding?.referencePaths ?? []) {
            const member = ref.parentPath?.node as AnyNode;
            if (member?.type !== 'MemberExpression' || member.computed || !names.has(member.property.name)) continue;
            const call = callOf(ref.parentPath as Path);
            if (!call) return { blocker: { module: importer, at: ref, reason: 'and the function is used here as a value, so the rewrite cannot see all its callers' } };
            calls.push({ module: importer, call });
          }
          continue;
        }
        const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : node.type === 'ExportNamedDeclaration' ? (specifier.local.name ?? specifier.local.value) : (specifier.imported.name ?? specifier.imported.value);
        if (!names.has(imported)) continue;
        if (node.type === 'ExportNamedDeclaration') {
          const found = importedCalls(ctx, importer, new Set([specifier.exported.name ?? specifier.exported.value]), seen, callOf);
          if ('blocker' in found) return found;
          calls.push(...found.calls);
          continue;
        }
        const binding = specifierPath.scope.getBinding(specifier.local.name);
        for (const ref of binding?.referencePaths ?? []) {
          const parent = ref.parentPath?.node as AnyNode;
          if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') {
            return { blocker: { module: importer, at: ref, reason: 'and it is exported again from here, so the rewrite cannot see all its callers' } };
          }
          const call = callOf(ref);
          if (!call) return { blocker: { module: importer, at: ref, reason: 'and the function is used here as a value, so the rewrite cannot see all its callers' } };
          calls.push({ module: importer, call });
        }
      }
    }
  }
  return { calls };
}

/**
 * `const { f } = await import('./x.js')`, `const { f: g } = require('./x')`: the names
 * destructured from a dynamic import of the module are its callers too. Any other use
 * of the imported module object hides them.
 */
function dynamicCalls(ctx: CallersScope, importer: SourceModule, target: SourceModule, names: Set<string>, callOf: (callee: Path) => Path | undefined): Callers {
  const project = ctx.model.project;
  const calls: Call[] = [];
  for (const path of importer.pathsOf('CallExpression', 'ImportExpression')) {
    const node = path.node as AnyNode;
    const source = node.type === 'ImportExpression' ? node.source : node.callee.type === 'Import' || (node.callee.type === 'Identifier' && node.callee.name === 'require') ? node.arguments[0] : undefined;
    if (source?.type !== 'StringLiteral' || project.resolve(importer, source.value)?.path !== target.path) continue;
    let holder = path.parentPath as Path;
    while (['AwaitExpression', 'ParenthesizedExpression', 'TSAsExpression'].includes((holder.node as AnyNode).type)) holder = holder.parentPath as Path;
    const declarator = holder.node as AnyNode;
    const hidden = { blocker: { module: importer, at: path, reason: 'and the module is imported here as a whole, so the rewrite cannot see all its callers' } };
    if (declarator.type !== 'VariableDeclarator' || declarator.id.type !== 'ObjectPattern') {
      // import('./x.js').then((m) => ...), a module object kept in a variable.
      return hidden;
    }
    if (!ctx.editable(importer)) return { blocker: { module: target, at: path, reason: `by callers in ${importer.path}, which this run does not rewrite` } };
    for (const property of declarator.id.properties as AnyNode[]) {
      if (property.type === 'RestElement') return hidden;
      const key = property.key?.name ?? property.key?.value;
      if (!names.has(key) || property.value.type !== 'Identifier') continue;
      const binding = holder.scope.getBinding(property.value.name);
      for (const ref of binding?.referencePaths ?? []) {
        const call = callOf(ref);
        if (!call) return { blocker: { module: importer, at: ref, reason: 'and the function is used here as a value, so the rewrite cannot see all its callers' } };
        calls.push({ module: importer, call });
      }
    }
  }
  return { calls };
}
