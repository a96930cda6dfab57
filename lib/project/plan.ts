/*
 * The project pass: servers that live in one module and are connected, configured
 * or re-exported in others. The per-file rewrite cannot see across an import, so
 * this pass plans the change for every module involved, then hands each module to
 * the same per-file rewrite with what it needs to know (the builder a module now
 * exports, the text of the module it imports). All or nothing per server: when any
 * module involved cannot be rewritten safely, none is, and the per-file pass marks
 * the connects as before.
 */
import { dirname, extname, join, relative, sep } from 'node:path';
import { existsSync } from 'node:fs';
import jscodeshift, { type JSCodeshift } from 'jscodeshift';
import { diffArrays } from 'diff';
import { type AnyNode, type AnyPath, hasOwnAwait, lineOf } from '../../transforms/lib/ast.js';
import { type Finding, RULES } from '../../transforms/lib/findings.js';
import { type IsolateOptions, isolateMcpServer } from '../../transforms/lib/isolate.js';
import { printOptionsFor } from '../edit/print-options.js';
import { lockLiteralLines } from '../edit/lock-templates.js';
import { readRelativeImport } from '../../transforms/lib/resolve-import.js';
import { usesSemicolons } from '../../transforms/lib/patterns.js';
import type { SdkClass } from '../../transforms/lib/sdk-imports.js';
import { parserFor } from '../parsers.js';
import { decodeSource, encodeSource, keepLineEndings } from '../text.js';
import { syntaxCheck } from '../syntax-check.js';
import { selfCheck } from '../verify/index.js';
import { Module, isConfigStatement, isConnectOf } from './modules.js';
import { ModuleResolver } from '../scan/resolver.js';
import { mayExportCachingGetter, mayExportServer } from './may-export-server.js';
import { inlineExportedTransports } from './exported-transports.js';
import { findInjectedClasses } from './injected-classes.js';
import { isPublishedLibrary } from './published.js';

export interface ProjectInput {
  /** Files that mention the SDK, with their bytes. */
  candidates: ReadonlyMap<string, Buffer>;
  /** Every source file the run scanned (absolute paths). */
  sources: readonly string[];
  /** Reads a file the run did not keep; undefined when it cannot. */
  read: (absolute: string) => Buffer | undefined;
}

export interface ProjectOutcome {
  /** The bytes the plan was made from (a write checks the file still has them). */
  bytes: Buffer;
  output?: string;
  findings: Finding[];
  error?: string;
  /**
   * Files rewritten together carry the same group: written all or none, since a
   * builder exported from one module is only right with its importers rewritten.
   */
  group?: string;
}

const BUILDER_NAMES = ['createMcpServer', 'createMcpServerInstance', 'buildMcpServer', 'newMcpServer'];
class Unsupported extends Error {}
/** Every module that connects the server does so once, for one client (stdio): nothing to change. */
class NothingShared extends Error {}

interface Importer {
  module: Module;
  /** The import specifier node that binds the server. */
  specifier: AnyNode;
  local: string;
  /** The name the module it imports from now exports the builder under. */
  newImported: string;
}

interface Registrar {
  module: Module;
  local: string;
  /** Module-level registrations (a side-effect module): they become one new function. */
  configs: AnyPath[];
  importDeclaration: AnyPath;
  functionName: string;
  /** Where the module was imported for its side effects, first one first. */
  sideEffectImports: Array<{ module: Module; path: AnyPath; specifier: string }>;
  order: [string, number];
  /** Or: its own exported functions that register on the imported server, each called once at module level elsewhere. */
  helpers: Array<{ name: string; fn: AnyNode; calls: HelperCall[] }>;
  /** Where the report points: taken before the edits (the printer drops positions of what it reprints). */
  at: { line: number; column: number };
}

interface HelperCall {
  module: Module;
  statement: AnyNode;
  specifier: AnyNode | undefined;
  declaration: AnyNode | undefined;
  /** How that module names the registration module. */
  moduleSpecifier: string | undefined;
  position: [string, number];
}

export function rewriteProject(input: ProjectInput, disabled: ReadonlySet<string> = new Set()): Map<string, ProjectOutcome> {
  const results = new Map<string, ProjectOutcome>();
  const groups = new Map<string, string>();
  const groupOf = (file: string): string => {
    const parent = groups.get(file);
    if (parent === undefined || parent === file) return file;
    const root = groupOf(parent);
    groups.set(file, root);
    return root;
  };
  const together = (files: string[]) => {
    const [first, ...rest] = files.map(groupOf);
    for (const other of rest) if (first !== undefined && other !== first) groups.set(other, first);
  };
  const resolver = new ModuleResolver();
  const sorted = [...input.sources].sort();
  const loader = (overrides: ReadonlyMap<string, string>) => {
    const modules = new Map<string, Module | null>();
    const load = (absolute: string): Module | undefined => {
      const known = modules.get(absolute);
      if (known !== undefined) return known ?? undefined;
      let module: Module | null = null;
      const bytes = input.candidates.get(absolute) ?? input.read(absolute);
      if (bytes && bytes.length <= 2 * 1024 * 1024) {
        try {
          const { text, bom } = decodeSource(bytes);
          module = new Module(absolute, bytes, overrides.get(absolute) ?? text, bom, jscodeshift.withParser(parserFor(absolute)), resolver, text);
        } catch {
          module = null;
        }
      }
      modules.set(absolute, module);
      return module ?? undefined;
    };
    /** A plan that failed may have edited the trees it loaded: the next one starts from the text. */
    load.reset = () => modules.clear();
    return load;
  };
  const named = new SpecifierNames((absolute) => input.candidates.get(absolute) ?? input.read(absolute));
  const inProjectOf = (file: string) => {
    const root = projectRoot(file) + sep;
    return sorted.filter((source) => source.startsWith(root));
  };

  // A transport exported to one module moves into it first (its own trees are thrown
  // away); the server plans and the per-file rewrite then see the moved code.
  const scratch = loader(new Map());
  const candidates = [...input.candidates.keys()].sort();
  const moves = inlineExportedTransports(
    candidates.filter((file) => !disabled.has(file)),
    scratch,
    (module) => importersIn(inProjectOf(module.absolute), module, scratch, named),
  );
  const overrides = new Map<string, string>();
  for (const move of moves) {
    overrides.set(move.importer, move.importerText);
    overrides.set(move.exporter, move.exporterText);
  }
  const load = loader(overrides);

  // Classes handed a server through their constructor, constructed only here: they take a builder instead.
  const injected = findInjectedClasses(candidates, load, (module) => importersIn(inProjectOf(module.absolute), module, load, named)).filter(
    (found) => !disabled.has(`class:${found.file}:${found.name}`),
  );
  const hints = new Map<string, { factoryArguments: Map<string, number>; injectedClasses: Set<string> }>();
  const hintOf = (file: string) => {
    let hint = hints.get(file);
    if (!hint) hints.set(file, (hint = { factoryArguments: new Map(), injectedClasses: new Set() }));
    return hint;
  };
  for (const found of injected) {
    hintOf(found.file).injectedClasses.add(found.name);
    for (const caller of found.callers) hintOf(caller.file).factoryArguments.set(caller.local, caller.index);
  }
  const hintsFor = (file: string): Pick<IsolateOptions, 'factoryArguments' | 'injectedClasses'> => hints.get(file) ?? {};

  for (const [absolute, bytes] of [...input.candidates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (results.has(absolute) || !mayExportServer(bytes.toString('utf8'))) continue;
    const module = load(absolute);
    const servers = module?.parses() ? module.exportedServers() : [];
    if (!module || servers.length !== 1) continue;
    const server = servers[0] as NonNullable<(typeof servers)[number]>;
    let plan: Map<string, ProjectOutcome>;
    try {
      plan = planServer(module, server, sorted, load, resolver, hintsFor, named);
    } catch (error) {
      const { line, column } = lineOf(server.declarator.node);
      load.reset();
      if (error instanceof NothingShared) continue;
      // Nothing changes across files; the per-file pass marks the connects. The report says why.
      const reason =
        error instanceof Unsupported
          ? `\`${server.name}\` is exported and used by other modules in a way the project rewrite cannot follow (${error.message}); give each connection its own server by hand`
          : `\`${server.name}\` is exported and used by other modules, and the project rewrite failed on it (${String((error as Error)?.message ?? error).split('\n')[0]}); nothing was changed across modules, please report this`;
      const fresh = load(absolute) as Module;
      const alone = perFile(fresh, hintsFor(absolute));
      results.set(absolute, {
        ...alone,
        findings: [
          ...alone.findings,
          { rule: RULES.unsupportedShape, line, column, status: 'review', message: reason },
        ],
      });
      continue;
    }
    // A module touched by an earlier plan is not planned twice.
    if ([...plan.keys()].some((file) => results.has(file))) continue;
    for (const [file, outcome] of plan) results.set(file, outcome);
    together([...plan.keys()]);
  }

  for (const move of moves) {
    const importer = load(move.importer) as Module;
    const outcome = results.get(move.importer) ?? perFile(importer, hintsFor(move.importer));
    const rule = move.stateless ? RULES.sharedStatelessTransport : RULES.statefulSingletonTransport;
    const fixed = outcome.findings.some((finding) => finding.status === 'fixed' && finding.rule === rule && finding.message.startsWith(`\`${move.name}\``));
    // Moved but not rewritten there: plan again with the transport left where it was.
    if (!fixed || outcome.error) return rewriteProject(input, new Set([...disabled, move.exporter]));
    results.set(move.importer, outcome);
    together([move.importer, move.exporter]);
    const exporter = load(move.exporter) as Module;
    results.set(move.exporter, finish(exporter, exporter.text, [
      {
        rule,
        line: move.line,
        column: move.column,
        status: 'fixed',
        message: `\`${move.name}\` was one ${move.stateless ? 'stateless' : 'stateful'} transport exported for the whole process; it moved into ./${relative(dirname(move.exporter), move.importer).split(sep).join('/')}, which now creates one per ${move.stateless ? 'request' : 'session'}`,
      },
    ]));
  }
  // Getters that keep one server, in a module of their own: the cache goes when every
  // module that imports the getter then builds a server per connection with it.
  for (const file of candidates) {
    const getterModule = load(file);
    if (!getterModule || results.has(file) || !mayExportCachingGetter(getterModule.text) || !getterModule.parses()) continue;
    const uncached = uncacheGetters(getterModule, importersIn(inProjectOf(file), getterModule, load, named), resolver, hintsFor);
    if (!uncached || [...uncached.keys()].some((other) => results.has(other))) continue;
    for (const [other, outcome] of uncached) results.set(other, outcome);
    together([...uncached.keys()]);
  }

  for (const found of injected) {
    const owner = load(found.file) as Module;
    const ownerOutcome = results.get(found.file) ?? perFile(owner, hintsFor(found.file));
    let complete = ownerOutcome.findings.some((finding) => finding.status === 'fixed' && finding.message.includes('the class now takes'));
    const outcomes = new Map([[found.file, ownerOutcome]]);
    for (const caller of found.callers) {
      const module = load(caller.file);
      const outcome = outcomes.get(caller.file) ?? results.get(caller.file) ?? (module ? perFile(module, hintsFor(caller.file)) : undefined);
      if (!outcome || outcome.output === undefined || outcome.error || failsFor(outcome.findings, caller.argument)) complete = false;
      else outcomes.set(caller.file, outcome);
    }
    // Every construction must pass a builder, or the class would get a server where it wants a function.
    if (!complete) return rewriteProject(input, new Set([...disabled, `class:${found.file}:${found.name}`]));
    for (const [file, outcome] of outcomes) results.set(file, outcome);
    together([...outcomes.keys()]);
  }
  for (const [file, outcome] of results) {
    const group = groupOf(file);
    if ([...results.keys()].some((other) => other !== file && groupOf(other) === group)) outcome.group = group;
  }
  return results;
}

function perFile(module: Module, hints: Pick<IsolateOptions, 'factoryArguments' | 'injectedClasses'> = {}): ProjectOutcome {
  const result = isolateMcpServer(module.text, module.j, { typescript: module.typescript, readImport: (specifier) => readRelativeImport(module.absolute, specifier), ...hints });
  return finish(module, result.source ?? module.text, onOriginalLines(result.findings, module.original, module.text));
}

function finish(module: Module, source: string | undefined, findings: Finding[]): ProjectOutcome {
  if (source === undefined || source === module.original) return { bytes: module.bytes, findings };
  try {
    syntaxCheck(module.absolute, source);
  } catch (error) {
    return { bytes: module.bytes, findings, error: `the rewrite did not parse (${String((error as Error).message).split('\n')[0]}); file left untouched, please report this` };
  }
  const problem = selfCheck(module.absolute, module.original, source);
  if (problem) return { bytes: module.bytes, findings, error: `the rewrite failed its self-check (${problem}); file left untouched, please report this` };
  return { bytes: module.bytes, findings, output: encodeSource({ text: keepLineEndings(module.original, source), bom: module.bom }) };
}

/** The folder whose files may import this module: its package (or tsconfig project). */
export function projectRoot(file: string): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json')) || existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(file);
    dir = parent;
  }
}

/**
 * For each file, the last names of the module specifiers it quotes (`./tools/notes.js`
 * -> `notes`, `./mcp/index.js` -> `index` and `mcp`, `./mcp` -> `mcp`): a small set
 * per file, kept for the run, so a file is read once however many modules ask.
 */
export class SpecifierNames {
  private readonly names = new Map<string, Set<string>>();

  constructor(private readonly read: (absolute: string) => Buffer | undefined) {}

  of(file: string): Set<string> {
    let names = this.names.get(file);
    if (!names) {
      names = new Set();
      const text = this.read(file)?.toString('utf8') ?? '';
      for (const match of text.matchAll(/(?:\bfrom|\bimport|\brequire|\bexport)\s*\(?\s*['"`]([^'"`\n]+)['"`]/g)) {
        const segments = (match[1] as string).split('/');
        const last = (segments[segments.length - 1] as string).replace(/\.[cm]?[jt]sx?$/, '');
        names.add(last);
        if (last === 'index' && segments.length > 1) names.add(segments[segments.length - 2] as string);
      }
      this.names.set(file, names);
    }
    return names;
  }
}

/** Files that import a module: found by the module's name in their specifiers, then by resolving their imports. */
export function importersIn(files: string[], target: Module, load: (absolute: string) => Module | undefined, named: SpecifierNames): Module[] {
  const found: Module[] = [];
  for (const file of files) {
    if (file === target.absolute) continue;
    // The names in the file's specifiers first: loading (let alone parsing) every module
    // of a large project would cost more than the rest of the run.
    if (!target.stems.some((stem) => named.of(file).has(stem))) continue;
    const module = load(file);
    if (!module || !module.parses()) continue;
    if (module.imports().some((edge) => edge.target === target.absolute) || module.reexports().some((edge) => edge.target === target.absolute)) found.push(module);
  }
  return found;
}

function planServer(
  serverModule: Module,
  server: ReturnType<Module['exportedServers']>[number],
  sources: string[],
  load: (absolute: string) => Module | undefined,
  resolver: ModuleResolver,
  hintsFor: (file: string) => Pick<IsolateOptions, 'factoryArguments' | 'injectedClasses'>,
  named: SpecifierNames,
): Map<string, ProjectOutcome> {
  const root = projectRoot(serverModule.absolute) + sep;
  const inProject = sources.filter((file) => file.startsWith(root));
  const builder = BUILDER_NAMES.find((name) => !serverModule.usedNames().has(name)) ?? `${BUILDER_NAMES[0]}Builder`;
  const importersOf = (target: Module) => importersIn(inProject, target, load, named);

  // Who imports the server, following re-exports through barrels.
  const renamesOf = new Map<string, Map<string, string>>();
  const serverRenames = new Map<string, string>();
  for (const name of server.exportNames) serverRenames.set(name, name === server.name ? builder : name);
  renamesOf.set(serverModule.absolute, serverRenames);
  const importers: Importer[] = [];
  const edits = new Map<Module, Array<() => void>>();
  const edit = (module: Module, change: () => void) => {
    const list = edits.get(module) ?? [];
    list.push(change);
    edits.set(module, list);
  };
  const queue: Module[] = [serverModule];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const exporter = queue.shift() as Module;
    if (visited.has(exporter.absolute)) continue;
    visited.add(exporter.absolute);
    const renames = renamesOf.get(exporter.absolute) as Map<string, string>;
    for (const module of importersOf(exporter)) {
      for (const edge of module.imports()) {
        if (edge.target !== exporter.absolute) continue;
        for (const specifier of edge.path.node.specifiers ?? []) {
          if (specifier.type === 'ImportNamespaceSpecifier') {
            if (module.moduleReferences(specifier.local.name).some((ref) => renames.has((ref.parent as AnyPath).node.property?.name))) {
              throw new Unsupported(`${display(module)} uses it through a namespace import`);
            }
            continue;
          }
          const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : (specifier.imported.name ?? specifier.imported.value);
          const renamed = renames.get(imported);
          if (renamed === undefined) continue;
          if (edge.path.node.importKind === 'type' || specifier.importKind === 'type') continue;
          importers.push({ module, specifier, local: specifier.local.name, newImported: renamed });
        }
      }
      for (const edge of module.reexports()) {
        if (edge.target !== exporter.absolute) continue;
        const barrelRenames = renamesOf.get(module.absolute) ?? new Map<string, string>();
        if (edge.path.node.type === 'ExportAllDeclaration') {
          if (edge.path.node.exported) continue;
          for (const [from, to] of renames) if (from !== 'default') barrelRenames.set(from, to);
        } else {
          for (const specifier of edge.path.node.specifiers ?? []) {
            const local = specifier.local?.name;
            const renamed = local === undefined ? undefined : renames.get(local);
            if (renamed === undefined) continue;
            const exported = specifier.exported?.name ?? local;
            const newExported = exported === local ? renamed : exported;
            barrelRenames.set(exported, newExported);
            edit(module, () => {
              specifier.local = module.j.identifier(renamed);
              specifier.exported = module.j.identifier(newExported);
            });
          }
        }
        if (barrelRenames.size > 0) {
          renamesOf.set(module.absolute, barrelRenames);
          queue.push(module);
        }
      }
    }
  }
  // Exported but imported by no module here: the file alone decides (the per-file pass).
  if (importers.length === 0) throw new NothingShared();

  if (isPublishedLibrary(serverModule.absolute)) throw new Unsupported('its package publishes an API (exports/types in package.json), so other packages may import the server');

  // What each importer does with it: connect it (the per-file rewrite then builds one
  // per connection), or only register tools on it (it becomes a registration function).
  const connectors: Importer[] = [];
  const registrars: Registrar[] = [];
  for (const importer of importers) {
    const { module, local } = importer;
    const refs = module.moduleReferences(local, importer.specifier.local);
    const factoryArguments = hintsFor(module.absolute).factoryArguments;
    const connects = refs.filter((ref) => isConnectOf(ref) || isFactoryArgument(ref, factoryArguments));
    if (connects.length > 0) {
      connectors.push(importer);
      continue;
    }
    const configs: AnyPath[] = [];
    const helperFunctions: AnyNode[] = [];
    let helperAt: { line: number; column: number } | undefined;
    for (const ref of refs) {
      const statement = module.topStatement(ref);
      const fn = statement?.node.type === 'ExportNamedDeclaration' ? statement.node.declaration : undefined;
      // export function registerTools() { server.tool(...) }: gets the server as a parameter.
      if (fn?.type === 'FunctionDeclaration' && fn.id && fn.params.length === 0 && !fn.async && !fn.generator) {
        if (!helperFunctions.includes(fn)) helperFunctions.push(fn);
        // The parser gives a declaration inside `export` no position of its own.
        helperAt ??= lineOf(statement?.node);
        continue;
      }
      if (!statement || !isConfigStatement(statement.node, local)) {
        throw new Unsupported(`${display(module)} uses it at line ${lineOf(ref.node).line} outside tool registration and connects`);
      }
      if (!configs.includes(statement)) configs.push(statement);
    }
    if (configs.length === 0 && helperFunctions.length === 0) continue;
    if (configs.length > 0 && helperFunctions.length > 0) throw new Unsupported(`${display(module)} registers on it both at module level and in functions`);
    if (configs.some((statement) => hasOwnAwait(statement.node))) throw new Unsupported(`a registration in ${display(module)} awaits`);
    const declaration = importer.specifier && findImportDeclaration(module, importer.specifier);
    if (!declaration) throw new Unsupported(`the import in ${display(module)} could not be followed`);
    registrars.push({
      module,
      local,
      configs,
      importDeclaration: declaration,
      functionName: '',
      sideEffectImports: [],
      order: ['', 0],
      helpers: helperFunctions.map((fn) => ({ name: fn.id.name as string, fn, calls: [] })),
      at: configs[0] ? lineOf(configs[0].node) : (helperAt as { line: number; column: number }),
    });
  }
  if (connectors.length === 0) throw new Unsupported('no module that connects it was found');

  // Registration modules: found where they are imported, called by the builder in that order.
  const taken = new Set([...serverModule.usedNames(), builder]);
  for (const registrar of registrars) {
    if (registrar.helpers.length > 0) {
      for (const helper of registrar.helpers) helper.calls = helperCalls(registrar.module, helper.name, importersOf(registrar.module));
      const positions = registrar.helpers.flatMap((helper) => helper.calls.map((call) => call.position)).sort(comparePositions);
      registrar.order = positions[0] as [string, number];
      continue;
    }
    const users = importersOf(registrar.module);
    let first: [string, number] | undefined;
    for (const user of users) {
      for (const edge of user.imports()) {
        if (edge.target !== registrar.module.absolute) continue;
        const position = [user.absolute, edge.path.node.start ?? 0] as [string, number];
        if (!first || position[0] < first[0] || (position[0] === first[0] && position[1] < first[1])) first = position;
        if ((edge.path.node.specifiers ?? []).length === 0) registrar.sideEffectImports.push({ module: user, path: edge.path, specifier: edge.specifier });
      }
    }
    if (!first) throw new Unsupported(`${display(registrar.module)} registers tools on it but no module imports it`);
    registrar.order = first;
    const base = `register${pascal(registrar.module.stems[registrar.module.stems.length - 1] as string)}`;
    const free = (candidate: string) => !taken.has(candidate) && !registrar.module.usedNames().has(candidate);
    let name = [base, `${base}Tools`, `${base}Module`].find(free) ?? base;
    for (let counter = 2; !free(name); counter++) name = `${base}${counter}`;
    taken.add(name);
    registrar.functionName = name;
  }
  registrars.sort((a, b) => comparePositions(a.order, b.order));

  for (const registrar of registrars) edit(registrar.module, planRegistrar(registrar, serverModule, server.cls));
  if (registrars.length > 0) planRegistrationCalls(serverModule, server.name, registrars, edit);
  for (const importer of connectors) planConnector(importer, edit);

  // Apply: every module's edits on its own tree, printed once; then the per-file
  // rewrite for the server module and each module that connects it.
  const outcomes = new Map<string, ProjectOutcome>();
  const printed = new Map<Module, string>();
  for (const [module, changes] of edits) {
    for (const change of changes) change();
    lockLiteralLines(module.root.get().node, module.root.find(module.j.TemplateLiteral).nodes());
    printed.set(module, module.root.toSource(printOptionsFor(module.text)));
  }
  const serverText = printed.get(serverModule) ?? serverModule.text;
  const serverResult = isolateMcpServer(serverText, freshParser(serverModule), {
    typescript: serverModule.typescript,
    readImport: (specifier) => readRelativeImport(serverModule.absolute, specifier),
    exportedServers: new Map([[server.name, builder]]),
    ...hintsFor(serverModule.absolute),
  });
  const fixed = serverResult.findings.some((finding) => finding.status === 'fixed' && finding.message.startsWith(`\`${server.name}\``));
  if (serverResult.source === undefined || !fixed || failsFor(serverResult.findings, server.name)) {
    throw new Unsupported(`${display(serverModule)} could not be turned into a builder` + (process.env.MCP_ISOLATE_DEBUG ? serverText + JSON.stringify(serverResult.findings) : ""));
  }
  const builderText = serverResult.source;
  outcomes.set(serverModule.absolute, finish(serverModule, builderText, onOriginalLines(serverResult.findings, serverModule.original, serverText)));

  const chain = new Set(visited);
  let shared = false;
  for (const importer of connectors) {
    const module = importer.module;
    const text = printed.get(module) ?? module.text;
    const result = isolateMcpServer(text, freshParser(module), {
      typescript: module.typescript,
      readImport: (specifier) => (chain.has(resolver.resolve(specifier, module.absolute) ?? '') ? builderText : readRelativeImport(module.absolute, specifier)),
      ...hintsFor(module.absolute),
    });
    if (failsFor(result.findings, importer.local)) throw new Unsupported(`the connect in ${display(module)} could not be rewritten`);
    if (result.source !== undefined) shared = true;
    outcomes.set(module.absolute, finish(module, result.source ?? text, onOriginalLines(result.findings, module.original, text)));
  }
  if (!shared) throw new NothingShared();
  for (const registrar of registrars) {
    const { line, column } = registrar.at;
    const functions = registrar.helpers.length > 0 ? registrar.helpers.map((helper) => helper.name) : [registrar.functionName];
    const findings: Finding[] = [
      {
        rule: RULES.sharedServer,
        line,
        column,
        status: 'fixed',
        message: `the registrations on the shared \`${registrar.local}\` now run in ${functions.map((fn) => `\`${fn}(${registrar.local})\``).join(', ')}, which the builder calls for every new server`,
      },
    ];
    const previous = outcomes.get(registrar.module.absolute);
    if (previous) previous.findings.push(...findings);
    else outcomes.set(registrar.module.absolute, finish(registrar.module, printed.get(registrar.module), findings));
  }
  for (const [module, text] of printed) {
    if (!outcomes.has(module.absolute)) outcomes.set(module.absolute, finish(module, text, []));
  }
  return outcomes;
}

/**
 * Findings of the per-file rewrite point into the text it was given (after this
 * pass's edits); the report points into the file as the user wrote it. A line this
 * pass added counts as the original line before it, or the first line.
 */
function onOriginalLines(findings: Finding[], original: string, edited: string): Finding[] {
  if (original === edited) return findings;
  const map: number[] = [];
  let before = 0;
  let after = 0;
  for (const part of diffArrays(original.split(/\r?\n/), edited.split('\n'))) {
    for (let index = 0; index < part.value.length; index++) {
      if (part.removed) before++;
      else if (part.added) map[++after] = Math.max(before, 1);
      else map[++after] = ++before;
    }
  }
  return findings.map((finding) => ({ ...finding, line: map[finding.line] ?? finding.line }));
}

/**
 * A module whose exported getter keeps one server (`if (!cached) cached = new McpServer(...)`):
 * rewritten without the cache, then every module importing the getter is rewritten
 * with that text in view. Undefined when any of them would still share a server, or
 * imports the cache itself.
 */
function uncacheGetters(
  getterModule: Module,
  importers: Module[],
  resolver: ModuleResolver,
  hintsFor: (file: string) => Pick<IsolateOptions, 'factoryArguments' | 'injectedClasses'>,
): Map<string, ProjectOutcome> | undefined {
  const result = isolateMcpServer(getterModule.text, freshParser(getterModule), {
    typescript: getterModule.typescript,
    readImport: (specifier) => readRelativeImport(getterModule.absolute, specifier),
    uncacheExportedGetters: true,
    ...hintsFor(getterModule.absolute),
  });
  const dropped = result.findings.flatMap((finding) => {
    const match = /^`([\w$]+)\(\)` cached one server in `([\w$]+)`/.exec(finding.message);
    return finding.status === 'fixed' && match ? [{ getter: match[1] as string, cache: match[2] as string }] : [];
  });
  if (result.source === undefined || dropped.length === 0 || result.findings.some((finding) => finding.status === 'review')) return undefined;
  const outcomes = new Map<string, ProjectOutcome>([[getterModule.absolute, finish(getterModule, result.source, onOriginalLines(result.findings, getterModule.original, getterModule.text))]]);
  let used = false;
  for (const module of importers) {
    const names = module
      .imports()
      .filter((edge) => edge.target === getterModule.absolute)
      .flatMap((edge) => (edge.path.node.specifiers ?? []).map((specifier: AnyNode) => (specifier.type === 'ImportSpecifier' ? (specifier.imported.name ?? specifier.imported.value) : specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*')));
    if (names.some((name: string) => name === '*' || dropped.some((entry) => entry.cache === name))) return undefined;
    const getters = dropped.filter((entry) => names.includes(entry.getter)).map((entry) => entry.getter);
    if (getters.length === 0) continue;
    used = true;
    const imported = isolateMcpServer(module.text, freshParser(module), {
      typescript: module.typescript,
      readImport: (specifier) => (resolver.resolve(specifier, module.absolute) === getterModule.absolute ? result.source : readRelativeImport(module.absolute, specifier)),
      ...hintsFor(module.absolute),
    });
    if (imported.findings.some((finding) => finding.status === 'review' && getters.some((getter) => finding.message.includes(`\`${getter}(`)))) return undefined;
    outcomes.set(module.absolute, finish(module, imported.source ?? module.text, onOriginalLines(imported.findings, module.original, module.text)));
  }
  return used ? outcomes : undefined;
}

/** `new Runner(server)` where Runner now takes a builder in that position. */
function isFactoryArgument(ref: AnyPath, factoryArguments: ReadonlyMap<string, number> | undefined): boolean {
  const parent = (ref.parent as AnyPath | undefined)?.node;
  if (!factoryArguments || parent?.type !== 'NewExpression' || parent.callee.type !== 'Identifier') return false;
  const index = factoryArguments.get(parent.callee.name);
  return index !== undefined && parent.arguments[index] === ref.node;
}

function comparePositions(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
}

/**
 * The module-level `registerTools();` statements that call a registration function,
 * in the module itself or in modules that import it. Exactly one; any other use of
 * the function (an argument, a call inside a function, a call with arguments) cannot
 * move into the builder.
 */
function helperCalls(owner: Module, name: string, importers: Module[]): HelperCall[] {
  const calls: HelperCall[] = [];
  for (const module of [owner, ...importers]) {
    let local: string | undefined = module === owner ? name : undefined;
    let specifier: AnyNode | undefined;
    let declaration: AnyNode | undefined;
    let moduleSpecifier: string | undefined;
    if (module !== owner) {
      for (const edge of module.imports()) {
        if (edge.target !== owner.absolute) continue;
        for (const spec of edge.path.node.specifiers ?? []) {
          if (spec.type === 'ImportSpecifier' && (spec.imported.name ?? spec.imported.value) === name) {
            local = spec.local.name;
            specifier = spec;
            declaration = edge.path.node;
            moduleSpecifier = edge.specifier;
          }
        }
      }
    }
    if (!local) continue;
    for (const ref of module.moduleReferences(local)) {
      const parent = (ref.parent as AnyPath).node;
      if (parent.type === 'FunctionDeclaration' && parent.id === ref.node) continue;
      if (parent.type === 'ExportSpecifier') continue;
      const statement = (ref.parent as AnyPath).parent as AnyPath;
      const atTop = parent.type === 'CallExpression' && parent.callee === ref.node && parent.arguments.length === 0 && statement.node.type === 'ExpressionStatement' && (statement.parent as AnyPath)?.node.type === 'Program';
      if (!atTop) throw new Unsupported(`\`${name}()\` is used in ${display(module)} at line ${lineOf(ref.node).line} in a way the builder cannot take over`);
      calls.push({ module, statement: statement.node, specifier, declaration, moduleSpecifier, position: [module.absolute, statement.node.start ?? 0] });
    }
  }
  if (calls.length !== 1) throw new Unsupported(`\`${name}()\` is called ${calls.length === 0 ? 'nowhere' : 'more than once'} at module level`);
  return calls;
}

/** A parser that has not seen this module's tree (the printed text is parsed afresh). */
function freshParser(module: Module): JSCodeshift {
  return jscodeshift.withParser(parserFor(module.absolute));
}

/** A finding that leaves `name` shared: the per-file rewrite marked it instead of fixing it. */
function failsFor(findings: Finding[], name: string): boolean {
  return findings.some((finding) => finding.status === 'review' && finding.message.includes(`\`${name}\``));
}

function findImportDeclaration(module: Module, specifier: AnyNode): AnyPath | undefined {
  let found: AnyPath | undefined;
  module.root.find(module.j.ImportDeclaration).forEach((path: AnyPath) => {
    if ((path.node.specifiers ?? []).includes(specifier)) found = path;
  });
  return found;
}

/**
 * `import { server } from './server.js'` becomes `import { createMcpServer } from './server.js'`
 * and `const server = createMcpServer();` after the imports: the per-file rewrite then
 * moves that call to each request or session, as for a builder called once.
 */
function planConnector(importer: Importer, edit: (module: Module, change: () => void) => void): void {
  const { module, specifier, local, newImported } = importer;
  const j = module.j;
  const used = module.usedNames();
  let builderLocal = newImported === 'default' ? localBuilderName(used) : newImported;
  if (used.has(builderLocal) && builderLocal !== local) builderLocal = localBuilderName(used);
  edit(module, () => {
    if (specifier.type === 'ImportDefaultSpecifier') specifier.local = j.identifier(builderLocal);
    else {
      specifier.imported = j.identifier(newImported);
      specifier.local = j.identifier(builderLocal);
    }
    const body = module.program.body as AnyNode[];
    let last = -1;
    for (const [index, statement] of body.entries()) if (statement.type === 'ImportDeclaration') last = index;
    const semi = usesSemicolons(module.text) ? ';' : '';
    body.splice(last + 1, 0, ...programOf(j, [`const ${local} = ${builderLocal}()${semi}`]));
  });
}

function localBuilderName(used: Set<string>): string {
  return BUILDER_NAMES.find((name) => !used.has(name)) ?? `${BUILDER_NAMES[0]}2`;
}

/** A module that only registers tools on the imported server: `export function registerX(server) { ... }`. */
function planRegistrar(registrar: Registrar, serverModule: Module, cls: SdkClass): () => void {
  const { module, local, configs, importDeclaration } = registrar;
  const j = module.j;
  // The class for the parameter's type, imported the way the server module imports it.
  let typeName: string | undefined;
  let typeImport: AnyNode | undefined;
  if (module.typescript) {
    const existing = module.bindings().types;
    typeName = [...existing].find(([, value]) => value === cls)?.[0];
    if (!typeName) {
      const source = sdkSourceOf(serverModule, cls);
      if (!source || module.usedNames().has(cls)) throw new Unsupported(`no type for the server parameter in ${display(module)}`);
      typeName = cls;
      const quote = printOptionsFor(module.text).quote === 'double' ? '"' : "'";
      typeImport = programOf(j, [`import type { ${cls} } from ${quote}${source}${quote}${usesSemicolons(module.text) ? ';' : ''}`])[0];
    }
  }
  const place = configs[configs.length - 1];
  const declarationPath = importDeclaration;
  return (): void => {
    const body = module.program.body as AnyNode[];
    const param = () => {
      const identifier = j.identifier(local);
      if (typeName) identifier.typeAnnotation = j.tsTypeAnnotation(j.tsTypeReference(j.identifier(typeName)));
      return identifier;
    };
    if (place) {
      const fn = j.functionDeclaration(j.identifier(registrar.functionName), [param()], j.blockStatement(configs.map((config) => config.node)));
      const exported = j.exportNamedDeclaration(fn);
      body.splice(body.indexOf(place.node), 1, exported);
      for (const config of configs) if (config !== place) body.splice(body.indexOf(config.node), 1);
    }
    for (const helper of registrar.helpers) helper.fn.params.push(param());
    const declaration = declarationPath.node;
    declaration.specifiers = (declaration.specifiers ?? []).filter((specifier: AnyNode) => specifier.local?.name !== local);
    const index = body.indexOf(declaration);
    if (declaration.specifiers.length === 0) {
      if (typeImport) {
        // The comments move onto a statement parsed from other text: printed from scratch (recast cannot mix the two).
        if (declaration.comments?.length) {
          typeImport.comments = declaration.comments;
          clearPositions(typeImport);
        }
        body.splice(index, 1, typeImport);
      } else body.splice(index, 1);
    } else if (typeImport) body.splice(index + 1, 0, typeImport);
  };
}

function planRegistrationCalls(serverModule: Module, name: string, registrars: Registrar[], edit: (module: Module, change: () => void) => void): void {
  for (const registrar of registrars) {
    for (const site of registrar.sideEffectImports) {
      if (site.module === serverModule) continue;
      edit(site.module, () => {
        const body = site.module.program.body as AnyNode[];
        const index = body.indexOf(site.path.node);
        if (index >= 0) body.splice(index, 1);
      });
    }
  }
  for (const registrar of registrars) {
    for (const call of registrar.helpers.flatMap((helper) => helper.calls)) {
      edit(call.module, () => {
        const body = call.module.program.body as AnyNode[];
        body.splice(body.indexOf(call.statement), 1);
        if (!call.declaration || !call.specifier) return;
        call.declaration.specifiers = call.declaration.specifiers.filter((spec: AnyNode) => spec !== call.specifier);
        if (call.declaration.specifiers.length === 0) body.splice(body.indexOf(call.declaration), 1);
      });
    }
  }
  // One call per registration function, in the order the original calls and imports ran.
  const ordered = registrars
    .flatMap((registrar) =>
      registrar.helpers.length > 0
        ? registrar.helpers.map((helper) => ({ registrar, name: helper.name, position: (helper.calls[0] as HelperCall).position, style: helper.calls[0]?.moduleSpecifier }))
        : [{ registrar, name: registrar.functionName, position: registrar.order, style: registrar.sideEffectImports[0]?.specifier }],
    )
    .sort((a, b) => comparePositions(a.position, b.position));
  edit(serverModule, () => {
    const j = serverModule.j;
    const body = serverModule.program.body as AnyNode[];
    const quote = printOptionsFor(serverModule.text).quote === 'double' ? '"' : "'";
    const semi = usesSemicolons(serverModule.text) ? ';' : '';
    // The server module's own side-effect imports of these modules become the named imports.
    for (const registrar of registrars) {
      for (const site of registrar.sideEffectImports) {
        if (site.module !== serverModule) continue;
        const index = body.indexOf(site.path.node);
        if (index >= 0) body.splice(index, 1);
      }
    }
    let lastImport = -1;
    for (const [index, statement] of body.entries()) if (statement.type === 'ImportDeclaration') lastImport = index;
    const imports = registrars.map((registrar) => {
      const names = ordered.filter((entry) => entry.registrar === registrar);
      const specifier = specifierFrom(serverModule.absolute, registrar.module.absolute, names[0]?.style);
      return `import { ${names.map((entry) => entry.name).join(', ')} } from ${quote}${specifier}${quote}${semi}`;
    });
    body.splice(lastImport + 1, 0, ...programOf(j, imports));
    // After the server's own registrations: the side-effect imports ran after the module did.
    let lastConfig = -1;
    for (const [index, statement] of body.entries()) {
      if (isConfigStatement(statement, name)) lastConfig = index;
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type === 'VariableDeclaration' && declaration.declarations.some((d: AnyNode) => d.id?.name === name) && lastConfig < index) lastConfig = index;
    }
    body.splice(lastConfig + 1, 0, ...programOf(j, ordered.map((entry) => `${entry.name}(${name})${semi}`)));
  });
}

/** Drops a parsed snippet's positions, so recast prints it from scratch. */
function clearPositions(node: AnyNode): void {
  if (!node || typeof node !== 'object') return;
  if ('loc' in node) node.loc = null;
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
    const value = node[key];
    if (Array.isArray(value)) value.forEach(clearPositions);
    else if (value && typeof value === 'object' && typeof value.type === 'string') clearPositions(value);
  }
}

/** Statements parsed together, so they print one per line as written here. */
function programOf(j: JSCodeshift, lines: string[]): AnyNode[] {
  return j(lines.join('\n')).find(j.Program).get().node.body;
}

/** A relative specifier from one module to another, in the style of the import it replaces. */
function specifierFrom(fromFile: string, toFile: string, styleOf: string | undefined): string {
  let path = relative(dirname(fromFile), toFile).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  const withoutExt = path.slice(0, -extname(path).length);
  const style = styleOf ? extname(styleOf) : '.js';
  if (style === '') return withoutExt.replace(/\/index$/, '');
  if (/^\.[cm]?js$/.test(style)) return withoutExt + extname(toFile).replace(/t(sx?)$/, 'j$1');
  return withoutExt + style;
}

function sdkSourceOf(module: Module, cls: SdkClass): string | undefined {
  let source: string | undefined;
  module.root.find(module.j.ImportDeclaration).forEach((path: AnyPath) => {
    const value = String(path.node.source.value);
    if (!value.includes('@modelcontextprotocol/sdk')) return;
    if ((path.node.specifiers ?? []).some((specifier: AnyNode) => specifier.imported?.name === cls)) source = value;
  });
  return source;
}

function pascal(stem: string): string {
  const words = stem.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `Tools${joined}`;
}

function display(module: Module): string {
  return relative(process.cwd(), module.absolute).split(sep).join('/');
}
