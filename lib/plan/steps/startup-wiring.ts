/*
 * Step: the start-up wiring in other modules goes. A transport (or server) whose
 * requests are handled in one module is exported only so that entry modules can
 * connect it once at start-up (`server.connect(transport).then(listen)`). Once each
 * request builds and connects its own server and transport, those connects have
 * nothing left to do: they go (what they chained still runs, see remove-connect.ts),
 * and so do the imports and exports that existed only to carry the instances to them.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { isPublicExport } from '../../scan/published.js';
import { memberKey } from '../../scan/flow.js';
import { bare } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';

/** One module's import of the instance, used only by start-up connects. */
export interface StartupImport {
  module: SourceModule;
  specifier: Path;
  binding: Binding;
  /** `server.connect(transport)` calls reading the import (as the server, or as the transport). */
  connects: Path<t.CallExpression>[];
}

export interface StartupWiring {
  imports: StartupImport[];
  /** `export { transport }` specifiers of the module that creates the instance. */
  exports: Path[];
  /** The references babel records for `export const transport = ...` itself: they go with the declaration. */
  declarationRefs: Path[];
}

/** Whether a reference in the creating module is one of the exports the wiring takes away. */
export function wiringCovers(wiring: StartupWiring | undefined, ref: Path): boolean {
  return Boolean(wiring && [...wiring.exports, ...wiring.declarationRefs].some((path) => path.node === ref.parentPath?.node || path.node === ref.node));
}

/**
 * The modules that import `local` from `home` and only hand it to a connect that runs
 * once (as the transport, or as the server when `role` is 'server'). Undefined when any
 * importer uses it otherwise, reaches it through a barrel or namespace, or none does.
 */
export function startupWiring(ctx: PlanContext, home: SourceModule, local: Binding, role: 'server' | 'transport', except?: SourceModule): StartupWiring | undefined {
  const project = ctx.model.project;
  const names = [...project.exportsOf(home)].filter(([, entry]) => entry.kind === 'local' && entry.local === local.identifier.name).map(([name]) => name);
  if (names.length === 0) return undefined;
  const imports: StartupImport[] = [];
  for (const importer of project.importersOf(home)) {
    if (importer === except) continue;
    for (const declaration of importer.pathsOf('ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration')) {
      const node = declaration.node as AnyNode;
      if (!node.source || project.resolve(importer, node.source.value)?.path !== home.path) continue;
      // Passed on through a barrel: whoever imports it there is not followed.
      if (node.type !== 'ImportDeclaration') return undefined;
      for (const specifier of declaration.get('specifiers') as unknown as Path[]) {
        const spec = specifier.node as AnyNode;
        if (spec.type === 'ImportNamespaceSpecifier') return undefined;
        const imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : (spec.imported.name ?? spec.imported.value);
        if (!names.includes(imported) || spec.importKind === 'type' || node.importKind === 'type') continue;
        const binding = specifier.scope.getBinding(spec.local.name);
        if (!binding) return undefined;
        const connects: Path<t.CallExpression>[] = [];
        for (const ref of binding.referencePaths) {
          const call = startupConnect(ctx, importer, ref, role);
          if (!call) return undefined;
          connects.push(call);
        }
        imports.push({ module: importer, specifier, binding, connects });
      }
    }
  }
  if (imports.length === 0 || imports.some((entry) => !ctx.editable(entry.module))) return undefined;
  const exports: Path[] = [];
  const declarationRefs: Path[] = [];
  for (const ref of local.referencePaths) {
    const type = (ref.parentPath?.node as AnyNode)?.type;
    if (type === 'ExportSpecifier') exports.push(ref.parentPath as Path);
    else if (type === 'ExportNamedDeclaration' || type === 'Program') declarationRefs.push(ref);
  }
  return { imports, exports, declarationRefs };
}

/** `server.connect(ref)` (or `ref.connect(transport)`) in code that runs once: the call. */
function startupConnect(ctx: PlanContext, module: SourceModule, ref: Path, role: 'server' | 'transport'): Path<t.CallExpression> | undefined {
  const parent = ref.parentPath as Path;
  const call = role === 'transport' ? parent : (parent.parentPath as Path);
  const node = call?.node as AnyNode;
  if (node?.type !== 'CallExpression' || memberKey(node.callee) !== 'connect') return undefined;
  if (role === 'transport' && node.arguments[0] !== ref.node) return undefined;
  if (role === 'server' && (node.callee !== parent.node || bare(node.callee.object) !== ref.node)) return undefined;
  if (ctx.model.runs.repeatingScope(call, module)) return undefined;
  return call as Path<t.CallExpression>;
}

/** Whether the names a module exports the instance under reach other packages: then it stays, marked. */
export function publishedWiring(ctx: PlanContext, home: SourceModule, local: Binding, what: string): boolean {
  const names = [...ctx.model.project.exportsOf(home)].filter(([, entry]) => entry.kind === 'local' && entry.local === local.identifier.name).map(([name]) => name);
  if (!isPublicExport(ctx.model.project, home, names)) return false;
  ctx.block(home, local.path, `\`${local.identifier.name}\` is one ${what} exported by a package that publishes an API, so other packages may connect or use it; export a builder instead, by hand`, RULES.sharedStatelessTransport);
  return true;
}

/** The imports and exports that only carried the instance to the start-up connects go. */
export function removeWiring(ctx: PlanContext, wirings: Array<{ home: SourceModule; wiring: StartupWiring }>): void {
  const bySpecifierList = new Map<t.Node, { module: SourceModule; declaration: Path; specifiers: Path[] }>();
  const add = (module: SourceModule, specifier: Path) => {
    const declaration = specifier.parentPath as Path;
    const entry = bySpecifierList.get(declaration.node) ?? { module, declaration, specifiers: [] };
    if (!entry.specifiers.some((known) => known.node === specifier.node)) entry.specifiers.push(specifier);
    bySpecifierList.set(declaration.node, entry);
  };
  for (const { home, wiring } of wirings) {
    ctx.absorb(wiring.declarationRefs);
    for (const entry of wiring.imports) add(entry.module, entry.specifier);
    for (const specifier of wiring.exports) add(home, specifier);
  }
  for (const { module, declaration, specifiers } of bySpecifierList.values()) {
    const edits = ctx.tx.at(module);
    const all = ((declaration.node as AnyNode).specifiers as AnyNode[]).every((spec) => specifiers.some((path) => path.node === spec));
    if (all) edits.remove(declaration);
    else for (const specifier of specifiers) edits.remove(specifier);
    ctx.absorb(specifiers);
  }
}
