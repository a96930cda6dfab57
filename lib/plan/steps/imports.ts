/*
 * Step: an exported server becomes an exported builder. The module that creates the
 * server exports a function that builds one instead (its configuration moves in);
 * every module that imports the server, directly or through barrels, imports the
 * builder: code that connects builds its own server, a module that only registers
 * tools on it becomes a registration function the builder calls, and an exported
 * function that registers on it takes the server as a parameter.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { basename, dirname, extname, relative, sep } from 'node:path';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { isPublishedLibrary } from '../../scan/published.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, lineOf, statementOf, contains } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';
import { connectOf, useOf } from '../uses.js';
import { configures } from '../configuration.js';
import { handsToConnect } from '../uses.js';
import { rewireBinding } from '../rewire.js';
import { BUILDER_NAMES, extractBuilder } from './builder.js';
import { moveRegistrations, type Registration } from './moved-registrations.js';

interface Exporter {
  module: SourceModule;
  binding: Binding;
  /** The names the module exports the server under. */
  names: string[];
}

const exported = new WeakMap<PlanContext, Map<Binding, Map<SourceModule, Factory> | null>>();

export function importedFactory(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  const name = binding.identifier.name;
  const declaration = binding.path.parentPath?.node as AnyNode;
  const from = declaration?.source?.value as string;
  const unreadable = `\`${name}\` is one server imported from '${from}' and connected to every connection's transport; export a builder from that module and call it per connection`;
  const exporter = followImport(ctx, binding, module);
  if (!exporter || !ctx.editable(exporter.module)) return ctx.block(module, connectOf(at), unreadable);
  if (isPublishedLibrary(exporter.module.path) && exporter.module.path !== module.path) {
    return ctx.block(module, connectOf(at), `\`${name}\` is exported by a package that publishes an API (exports or types in its package.json), so other packages may use that one server; export a builder from '${from}' by hand`);
  }
  const factories = exportedBuilder(ctx, exporter, cls, at);
  return factories?.get(module);
}

/**
 * The factory a module that never imported the server uses once the server's module
 * exports a builder: it imports the builder (the request module of a server connected
 * at start-up in another module).
 */
export function builderImportedInto(ctx: PlanContext, binding: Binding, module: SourceModule, into: SourceModule, cls: SdkClass, at: Path): Factory | undefined {
  const exporter = followImport(ctx, binding, module);
  if (!exporter) return undefined;
  const factories = exported.get(ctx)?.get(exporter.binding);
  const own = factories?.get(exporter.module);
  if (!factories || !own?.reference) return undefined;
  const known = factories.get(into);
  if (known) return known;
  // The builder's name is free in the importing module too, or the import is renamed.
  const edits = ctx.tx.at(into);
  const local = edits.isUsed(own.reference) ? edits.freeName([own.reference]) : own.reference;
  edits.claim(local);
  const q = edits.style.quote;
  const clause = local === own.reference ? `{ ${local} }` : `{ ${own.reference} as ${local} }`;
  const existing = into.paths<t.ImportDeclaration>('ImportDeclaration');
  const last = existing[existing.length - 1];
  const make = () => edits.statements(`import ${clause} from ${q}${specifierFor(ctx, into, exporter.module)}${q}${edits.style.semi}`);
  if (last) edits.insertAfter(last, make);
  else edits.insertBefore((into.program.get('body') as unknown as Path[])[0] as Path, make);
  const factory: Factory = { call: `${local}()`, reference: local, async: false, module: into, scope: undefined, cls };
  factories.set(into, factory);
  void at;
  return factory;
}

/** Where an imported name is declared: through re-exports and barrels to the module that creates it. */
function followImport(ctx: PlanContext, binding: Binding, module: SourceModule): Exporter | undefined {
  const specifier = binding.path.node as AnyNode;
  const declaration = binding.path.parentPath?.node as AnyNode;
  if (specifier.type === 'ImportNamespaceSpecifier' || !declaration?.source) return undefined;
  const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : (specifier.imported.name ?? specifier.imported.value);
  const target = ctx.model.project.resolve(module, declaration.source.value);
  if (!target) return undefined;
  const found = ctx.model.project.findExport(target, imported);
  if (found?.kind !== 'local') return undefined;
  const local = found.module.scope.getBinding(found.local);
  if (!local || !['const', 'let', 'var'].includes(local.kind)) return undefined;
  const names = [...ctx.model.project.exportsOf(found.module)].filter(([, entry]) => entry.kind === 'local' && entry.local === found.local).map(([exportedName]) => exportedName);
  return { module: found.module, binding: local, names };
}

/** The exporter's builder, and the factory each importing module uses. */
function exportedBuilder(ctx: PlanContext, exporter: Exporter, cls: SdkClass, at: Path): Map<SourceModule, Factory> | undefined {
  let known = exported.get(ctx);
  if (!known) exported.set(ctx, (known = new Map()));
  if (known.has(exporter.binding)) return known.get(exporter.binding) ?? undefined;
  known.set(exporter.binding, null);
  const { module: E, binding } = exporter;
  const local = binding.identifier.name;
  const declarator = binding.path;
  const statement = declarator.parentPath?.parentPath?.isExportNamedDeclaration() ? (declarator.parentPath.parentPath as Path) : (declarator.parentPath as Path);
  const init = bare((declarator.node as AnyNode).init);
  if (init?.type !== 'NewExpression') {
    return ctx.block(E, declarator, `\`${local}\` is exported and made in a way the rewrite cannot turn into a builder; export a function that builds the server instead`);
  }
  const edits = ctx.tx.at(E);
  // One name for the builder in every module it reaches.
  const builderName = edits.freeName(BUILDER_NAMES);
  const factory = extractBuilder(ctx, { binding, module: E, statement, cls, name: builderName, exported: statement.isExportNamedDeclaration() });
  if (!factory?.builder) return undefined;
  const factories = new Map<SourceModule, Factory>();
  factories.set(E, factory);

  // `export { server }`, `export { server as mcp }`, `export default server` name the builder now.
  for (const ref of binding.referencePaths) {
    const parent = ref.parentPath?.node as AnyNode;
    if (parent?.type === 'ExportSpecifier' && parent.local === ref.node) {
      const exportedName = parent.exported.name ?? parent.exported.value;
      edits.replace(ref.parentPath as Path, () => E.j.exportSpecifier.from({ local: E.j.identifier(builderName), exported: E.j.identifier(exportedName === local ? builderName : exportedName) }));
      ctx.absorb([ref]);
    } else if (parent?.type === 'ExportDefaultDeclaration') {
      // Parsed from our own text, so the statement prints in the file's style (recast would add a `;`).
      const statement = ref.parentPath as Path;
      edits.replace(statement, () => {
        const [replacement] = edits.statements(`export default ${builderName}${edits.style.semi}`) as [AnyNode];
        if ((statement.node as AnyNode).comments?.length) {
          replacement.comments = (statement.node as AnyNode).comments;
          replacement.loc = null;
          replacement.declaration.loc = null;
        }
        return replacement;
      });
      ctx.absorb([ref]);
    }
  }
  const renamed = new Map(exporter.names.map((name) => [name, name === local ? builderName : name === 'default' ? 'default' : name]));
  const registrations: Registration[] = [];
  if (!rewireImporters(ctx, E, renamed, builderName, factories, registrations, cls, at, new Set([E]))) return undefined;

  // Registration functions the builder calls, in the order their modules were imported.
  const builder = factory.builder;
  registrations.sort((a, b) => a.order - b.order);
  for (const registration of registrations) builder.tail.push(() => edits.statements(registration.code(builder.local)));
  addImports(ctx, E, registrations.flatMap((registration) => registration.imports));
  rewireBinding(ctx, binding, E, factory);
  known.set(exporter.binding, factories);
  return factories;
}

/** Every module importing one of `names` from `target`: it imports the builder, and its uses are rewired. */
function rewireImporters(
  ctx: PlanContext,
  target: SourceModule,
  names: Map<string, string>,
  builderName: string,
  factories: Map<SourceModule, Factory>,
  registrations: Registration[],
  cls: SdkClass,
  at: Path,
  seen: Set<SourceModule>,
): boolean {
  const project = ctx.model.project;
  for (const importer of project.importersOf(target)) {
    if (seen.has(importer)) continue;
    seen.add(importer);
    if (!ctx.editable(importer)) {
      ctx.block(target, at, `\`${builderName}\` would replace a server that ${relativeName(target, importer)} imports too, which this run does not rewrite; run it on both`);
      return false;
    }
    const edits = ctx.tx.at(importer);
    for (const declaration of importer.pathsOf('ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration')) {
      const node = declaration.node as AnyNode;
      if (!node.source || project.resolve(importer, node.source.value)?.path !== target.path) continue;
      if (node.type === 'ExportAllDeclaration') {
        // export * from './server.js': the builder passes through under its own name.
        const barrelNames = new Map([...names].filter(([name]) => name !== 'default'));
        if (!rewireImporters(ctx, importer, barrelNames, builderName, factories, registrations, cls, at, seen)) return false;
        continue;
      }
      for (const specifierPath of declaration.get('specifiers') as unknown as Path[]) {
        const specifier = specifierPath.node as AnyNode;
        if (specifier.type === 'ImportNamespaceSpecifier') {
          const binding = specifierPath.scope.getBinding(specifier.local.name);
          if (binding?.referencePaths.some((ref) => names.has((ref.parentPath?.node as AnyNode)?.property?.name))) {
            ctx.block(importer, specifierPath, `the server is used through a namespace import; import the builder by name instead`);
            return false;
          }
          continue;
        }
        const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : node.type === 'ExportNamedDeclaration' ? (specifier.local.name ?? specifier.local.value) : (specifier.imported.name ?? specifier.imported.value);
        const renamed = names.get(imported);
        if (renamed === undefined || specifier.importKind === 'type' || node.importKind === 'type') continue;
        if (node.type === 'ExportNamedDeclaration') {
          // A barrel: `export { server } from './server.js'`.
          const exportedName = specifier.exported.name ?? specifier.exported.value;
          const newExported = exportedName === imported ? renamed : exportedName;
          edits.replace(specifierPath, () => importer.j.exportSpecifier.from({ local: importer.j.identifier(renamed), exported: importer.j.identifier(newExported) }));
          if (!rewireImporters(ctx, importer, new Map([[exportedName, newExported]]), builderName, factories, registrations, cls, at, seen)) return false;
          continue;
        }
        const binding = specifierPath.scope.getBinding(specifier.local.name) as Binding;
        // Imported only for a connect the plan takes away (a start-up connect): the import goes too.
        if (binding.referencePaths.length > 0 && binding.referencePaths.every((ref) => ctx.removedConnects.has(ref.parentPath?.parentPath?.node as t.Node))) {
          const others = ((node.specifiers ?? []) as AnyNode[]).filter((other) => other !== specifier);
          edits.remove(others.length === 0 ? declaration : specifierPath);
          continue;
        }
        const localBuilder = specifier.type === 'ImportDefaultSpecifier' ? renamed === 'default' ? builderName : renamed : renamed;
        const builderLocal = edits.isUsed(localBuilder) && localBuilder !== specifier.local.name ? edits.freeName([localBuilder]) : localBuilder;
        edits.claim(builderLocal);
        edits.replace(specifierPath, () =>
          specifier.type === 'ImportDefaultSpecifier'
            ? importer.j.importDefaultSpecifier(importer.j.identifier(builderLocal))
            : importer.j.importSpecifier(importer.j.identifier(renamed), importer.j.identifier(builderLocal)),
        );
        const factory: Factory = { call: `${builderLocal}()`, reference: builderLocal, async: false, module: importer, scope: undefined, cls };
        factories.set(importer, factory);
        if (!rewireImporterUses(ctx, importer, binding, declaration, specifierPath, factory, registrations, target)) return false;
      }
    }
  }
  return true;
}

/**
 * The uses of the imported server in one module. A module that only registers tools
 * on it becomes `registerX(server)`; exported functions that register on it take it
 * as a parameter; everything else is rewired like any binding with a factory.
 */
function rewireImporterUses(
  ctx: PlanContext,
  importer: SourceModule,
  binding: Binding,
  declaration: Path,
  specifier: Path,
  factory: Factory,
  registrations: Registration[],
  exporter: SourceModule,
): boolean {
  const name = binding.identifier.name;
  const refs = binding.referencePaths.filter((ref) => !ctx.isAbsorbed(ref));
  // The top-level statement around a reference: a loop of registrations is one statement.
  const topStatement = (ref: Path) => (ref.parentPath?.isProgram() ? ref : (ref.findParent((parent) => parent.parentPath?.isProgram() === true) as Path | null));
  const configStatements = new Set<Path>();
  const registerFunctions = new Map<t.Node, { fn: Path; name: string }>();
  for (const ref of refs) {
    const statement = topStatement(ref);
    if (statement && !statement.isFunctionDeclaration() && !statement.isExportDeclaration() && configures(statement.node, name) && !handsToConnect(ctx.model, statement)) {
      if (![...configStatements].some((known) => known.node === statement.node)) configStatements.add(statement);
      continue;
    }
    // export function registerTools() { server.registerTool(...) }
    const fn = ref.getFunctionParent();
    const exportedFunction = fn?.isFunctionDeclaration() && fn.parentPath?.isExportNamedDeclaration() && (fn.node as AnyNode).params.length === 0 && fn.node.id;
    if (fn && exportedFunction && (statementOf(ref)?.getFunctionParent() === fn) && configures(statementOf(ref)?.node, name)) {
      registerFunctions.set(fn.node, { fn: fn as Path, name: (fn.node as AnyNode).id.name });
      continue;
    }
  }
  const others = refs.filter((ref) => ![...configStatements].some((statement) => contains(statement, ref)) && ![...registerFunctions.values()].some(({ fn }) => contains(fn, ref)));
  const edits = ctx.tx.at(importer);
  const typeImport = sdkTypeImport(ctx, exporter, factory.cls);
  if (configStatements.size > 0 || registerFunctions.size > 0) {
    if (others.length > 0 && configStatements.size > 0) {
      ctx.block(importer, [...configStatements][0] as Path, `this module registers tools on the imported server \`${name}\` and also uses it otherwise; give it a registration function by hand`);
      return false;
    }
    if (configStatements.size > 0 && startsTheProcess(ctx, importer, configStatements)) {
      const statements = [...configStatements].sort((a, b) => (a.node.start ?? 0) - (b.node.start ?? 0));
      const moved = registerFunctions.size === 0 ? moveRegistrations(ctx, importer, exporter, statements, binding, sideEffectOrder(ctx, importer, true)) : undefined;
      if (!moved || 'reason' in moved) {
        const why = moved ? `: ${moved.reason}` : '';
        ctx.block(importer, moved?.at ?? (statements[0] as Path), `the tools are registered on the shared server \`${name}\` here, in a module that nothing imports and that starts the process, and these registrations cannot move into the builder in ${relativeName(importer, exporter)}${why}; move them next to the server's creation by hand`);
        return false;
      }
      // The entry no longer needs the server: its registrations now run in the builder.
      if ((declaration.node as AnyNode).specifiers.length === 1) edits.remove(declaration);
      else edits.remove(specifier);
      ctx.absorb(statements);
      registrations.push(moved);
      ctx.tx.fixed.push({ module: importer, finding: { rule: RULES.sharedServer, ...lineOf(statements[0]?.node), status: 'fixed', message: `the tools this module registered on the shared server \`${name}\` moved into the builder in ${relativeName(importer, exporter)}, which registers them on every new server` } });
      removeSideEffectImports(ctx, importer);
      return true;
    }
    // The import of the server gives way to a type import of its class.
    const declarationNode = declaration.node as AnyNode;
    if (declarationNode.specifiers.length === 1 && importer.typescript && typeImport) {
      // Changed in place: the statement keeps its place in the file's layout (and the blank line after it).
      edits.move(() => {
        const [replacement] = edits.statements(typeImport) as [AnyNode];
        declarationNode.specifiers = replacement.specifiers;
        declarationNode.source = replacement.source;
        declarationNode.importKind = 'type';
      });
    } else if (declarationNode.specifiers.length === 1) {
      edits.remove(declaration);
    } else {
      edits.remove(specifier);
    }
    const param = importer.typescript ? `${name}: ${factory.cls.name}` : name;
    if (configStatements.size > 0) {
      const statements = [...configStatements].sort((a, b) => (a.node.start ?? 0) - (b.node.start ?? 0));
      const registerName = edits.freeName([`register${pascal(stemOf(importer.path))}`]);
      const last = statements[statements.length - 1] as Path;
      edits.move((changes) => {
        const list = last.container as AnyNode[];
        const [fn] = changes.statements(`export function ${registerName}(${param}) {\n}`) as [AnyNode];
        fn.declaration.body.body = statements.map((statement) => statement.node);
        list.splice(list.indexOf(last.node), 1, fn);
        for (const statement of statements) {
          if (statement.node === last.node) continue;
          list.splice(list.indexOf(statement.node), 1);
        }
        for (const node of fn.declaration.body.body) changes.rehome(node, fn.declaration.body.body);
        changes.rehome(fn, list);
      });
      ctx.absorb(statements);
      registrations.push(registrationCall(ctx, exporter, importer, registerName, sideEffectOrder(ctx, importer, true)));
      ctx.tx.fixed.push({ module: importer, finding: { rule: RULES.sharedServer, ...lineOf(statements[0]?.node), status: 'fixed', message: `the tools this module registered on the shared server \`${name}\` are now registered by \`${registerName}(server)\`, which the builder calls for every new server` } });
    }
    for (const { fn, name: fnName } of registerFunctions.values()) {
      edits.move(() => {
        const param = importer.j.identifier(name);
        if (importer.typescript) (param as AnyNode).typeAnnotation = importer.j.tsTypeAnnotation(importer.j.tsTypeReference(importer.j.identifier(factory.cls.name)));
        (fn.node as AnyNode).params = [param];
      });
      ctx.absorb([fn]);
      // Its calls once at start-up go: the builder calls it for every server.
      for (const caller of callsOf(ctx, importer, fnName)) {
        const statement = statementOf(caller.path);
        if (!statement?.parentPath?.isProgram() || !(statement.node as AnyNode).expression || bare((statement.node as AnyNode).expression) !== caller.path.node) {
          ctx.block(caller.module, caller.path, `\`${fnName}()\` registers on the shared server and is called here, not once at start-up; call it with each connection's server by hand`);
          return false;
        }
        ctx.tx.at(caller.module).remove(statement);
        removeImportOf(ctx, caller.module, caller.binding);
      }
      registrations.push(registrationCall(ctx, exporter, importer, fnName, sideEffectOrder(ctx, importer, false)));
    }
    removeSideEffectImports(ctx, importer);
    return true;
  }
  rewireBinding(ctx, binding, importer, factory);
  return true;
}

/**
 * A module no other module imports (an entry) with top-level work besides its
 * registrations and declarations: a builder must not import it.
 */
function startsTheProcess(ctx: PlanContext, module: SourceModule, registrations: Set<Path>): boolean {
  if (ctx.model.project.importersOf(module).length > 0) return false;
  const quiet = new Set(['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration', 'FunctionDeclaration', 'ClassDeclaration', 'VariableDeclaration', 'TSTypeAliasDeclaration', 'TSInterfaceDeclaration', 'EmptyStatement']);
  return (module.program.get('body') as unknown as Path[]).some((statement) => {
    if ([...registrations].some((registration) => registration.node === statement.node) || ctx.isAbsorbed(statement)) return false;
    return !quiet.has((statement.node as AnyNode).type);
  });
}

/** Where a module is imported for its side effects (first such import), or its first import: the registration order. */
function sideEffectOrder(ctx: PlanContext, module: SourceModule, sideEffect: boolean): number {
  let best = Number.MAX_SAFE_INTEGER;
  for (const importer of ctx.model.project.importersOf(module)) {
    for (const declaration of importer.paths<t.ImportDeclaration>('ImportDeclaration')) {
      if (sideEffect && declaration.node.specifiers.length > 0) continue;
      if (ctx.model.project.resolve(importer, declaration.node.source.value)?.path !== module.path) continue;
      best = Math.min(best, declaration.node.start ?? 0);
    }
    for (const call of importer.paths<t.CallExpression>('CallExpression')) {
      if (!sideEffect && call.node.callee.type === 'Identifier') best = Math.min(best, (call.node.start ?? 0) + 1e6);
    }
  }
  return best;
}

function removeSideEffectImports(ctx: PlanContext, module: SourceModule): void {
  for (const importer of ctx.model.project.importersOf(module)) {
    for (const declaration of importer.paths<t.ImportDeclaration>('ImportDeclaration')) {
      if (declaration.node.specifiers.length > 0) continue;
      if (ctx.model.project.resolve(importer, declaration.node.source.value)?.path !== module.path) continue;
      ctx.tx.at(importer).remove(declaration);
    }
  }
}

/** Calls of an exported function from the modules that import it. */
function callsOf(ctx: PlanContext, module: SourceModule, name: string): Array<{ path: Path; module: SourceModule; binding: Binding }> {
  const found: Array<{ path: Path; module: SourceModule; binding: Binding }> = [];
  for (const importer of ctx.model.project.importersOf(module)) {
    for (const specifier of importer.paths<t.ImportSpecifier>('ImportSpecifier')) {
      const imported = (specifier.node.imported as AnyNode).name ?? (specifier.node.imported as AnyNode).value;
      if (imported !== name) continue;
      if (ctx.model.project.resolve(importer, (specifier.parentPath?.node as AnyNode).source.value)?.path !== module.path) continue;
      const binding = specifier.scope.getBinding(specifier.node.local.name);
      for (const ref of binding?.referencePaths ?? []) {
        const call = ref.parentPath;
        if (call?.isCallExpression() && call.node.callee === ref.node) found.push({ path: call as Path, module: importer, binding: binding as Binding });
      }
    }
  }
  return found;
}

function removeImportOf(ctx: PlanContext, module: SourceModule, binding: Binding): void {
  const specifier = binding.path;
  const declaration = specifier.parentPath as Path;
  const edits = ctx.tx.at(module);
  if ((declaration.node as AnyNode).specifiers.length === 1) edits.remove(declaration);
  else edits.remove(specifier);
}

/** `import { registerX } from './tools/x.js'` in the builder's module, after its last import, in order. */
function addImports(ctx: PlanContext, into: SourceModule, imports: string[]): void {
  if (imports.length === 0) return;
  const edits = ctx.tx.at(into);
  const existing = into.paths<t.ImportDeclaration>('ImportDeclaration');
  const last = existing[existing.length - 1];
  const make = () => edits.statements([...new Set(imports)].join('\n'));
  if (last) edits.insertAfter(last, make);
  else edits.insertBefore((into.program.get('body') as unknown as Path[])[0] as Path, make);
}

/** `registerX(server)` in the builder, imported from the module that declares it. */
function registrationCall(ctx: PlanContext, builderModule: SourceModule, from: SourceModule, name: string, order: number): Registration {
  const { quote: q, semi } = ctx.tx.at(builderModule).style;
  return { order, code: (server) => `${name}(${server})${semi}`, imports: [`import { ${name} } from ${q}${specifierFor(ctx, builderModule, from)}${q}${semi}`] };
}

/** How `into` names `from`, in the style the project already uses for it (with `.js`, or without an extension). */
function specifierFor(ctx: PlanContext, into: SourceModule, from: SourceModule): string {
  let withJs = true;
  for (const importer of ctx.model.project.importersOf(from)) {
    for (const declaration of importer.paths<t.ImportDeclaration>('ImportDeclaration')) {
      if (ctx.model.project.resolve(importer, declaration.node.source.value)?.path === from.path) withJs = /\.[cm]?js$/.test(declaration.node.source.value);
    }
  }
  let path = relative(dirname(into.path), from.path).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  const ext = extname(path);
  path = path.slice(0, -ext.length);
  return withJs ? `${path}${ext.replace(/^\.([cm]?)ts$/, '.$1js').replace(/^\.tsx$/, '.js')}` : path;
}

/** `import type { McpServer } from '...'`: the way the exporter imports the class. */
function sdkTypeImport(ctx: PlanContext, exporter: SourceModule, cls: SdkClass): string | undefined {
  const edits = ctx.tx.at(exporter);
  for (const declaration of exporter.paths<t.ImportDeclaration>('ImportDeclaration')) {
    for (const specifier of declaration.node.specifiers) {
      if (specifier.type === 'ImportSpecifier' && ((specifier.imported as AnyNode).name ?? (specifier.imported as AnyNode).value) === cls.name) {
        return `import type { ${cls.name} } from ${edits.style.quote}${declaration.node.source.value}${edits.style.quote}${edits.style.semi}`;
      }
    }
  }
  return undefined;
}

function stemOf(path: string): string {
  const stem = basename(path, extname(path));
  return stem === 'index' ? basename(dirname(path)) : stem;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function relativeName(from: SourceModule, to: SourceModule): string {
  return relative(dirname(from.path), to.path).split(sep).join('/');
}


export { useOf };
