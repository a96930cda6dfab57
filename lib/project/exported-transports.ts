/*
 * `export const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })`
 * in one module, used by the one module that imports it: the declaration moves into
 * that module, where the per-file rewrite replaces it as in shape 1 (a transport per
 * request). The exporting module loses the declaration.
 */
import type { JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, lineOf, someNode } from '../../transforms/lib/ast.js';
import { isStatelessOptions, usesSemicolons } from '../../transforms/lib/patterns.js';
import { printOptionsFor } from '../edit/print-options.js';
import { HTTP_TRANSPORT_CLASSES, classOfNew } from '../../transforms/lib/sdk-imports.js';
import type { Module } from './modules.js';
import { mayExportTransport } from './may-export-server.js';

export interface InlinedTransport {
  /** The module that exported the transport, and its text without it. */
  exporter: string;
  exporterText: string;
  /** The one module that imported it, and its text with the declaration moved in. */
  importer: string;
  importerText: string;
  /** The transport's name in the importer. */
  name: string;
  /** Where the exported declaration was. */
  line: number;
  column: number;
  stateless: boolean;
}


export function inlineExportedTransports(
  candidates: Iterable<string>,
  load: (absolute: string) => Module | undefined,
  importersOf: (module: Module) => Module[],
): InlinedTransport[] {
  const inlined: InlinedTransport[] = [];
  for (const file of candidates) {
    const exporter = load(file);
    if (!exporter || !mayExportTransport(exporter.text) || !exporter.parses()) continue;
    for (const found of exportedTransports(exporter)) {
      const importers = importersOf(exporter);
      if (importers.length !== 1) continue;
      const importer = importers[0] as Module;
      let move: InlinedTransport | undefined;
      try {
        move = planMove(exporter, importer, found);
      } catch {
        // A move the printer cannot make is not made; the per-file pass marks the transport.
        move = undefined;
      }
      if (move) inlined.push(move);
    }
  }
  return inlined;
}

interface ExportedTransport {
  name: string;
  cls: string;
  statement: AnyNode;
  init: AnyNode;
  stateless: boolean;
  carried: CarriedImport[];
}

function exportedTransports(module: Module): ExportedTransport[] {
  const found: ExportedTransport[] = [];
  for (const statement of module.program.body as AnyNode[]) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration' || statement.declaration.declarations.length !== 1) continue;
    const declarator = statement.declaration.declarations[0];
    const cls = classOfNew(module.bindings(), declarator.init);
    if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls) || declarator.id.type !== 'Identifier') continue;
    const options = declarator.init.arguments[0];
    // Options may name only what the module imports from packages (`randomUUID` from
    // node:crypto): those imports move along, and the options mean the same there.
    const carried = options ? packageImportsFor(module, namesIn(options)) : [];
    if (!carried) continue;
    if (module.moduleReferences(declarator.id.name, declarator.id).length > 0) continue;
    found.push({ name: declarator.id.name, cls, statement, init: declarator.init, stateless: isStatelessOptions(options), carried });
  }
  return found;
}

/** The free names an expression uses (property keys and member names aside). */
function namesIn(node: AnyNode): Set<string> {
  const names = new Set<string>();
  someNode(
    node,
    (current) => {
      if (current.type === 'Identifier' && current.name !== 'undefined') names.add(current.name);
      return false;
    },
    {
      skipChild: (current, key) =>
        (key === 'key' && (current.type === 'ObjectProperty' || current.type === 'Property') && !current.computed) ||
        (key === 'property' && current.type === 'MemberExpression' && !current.computed) ||
        (key === 'params' && /Function/.test(current.type)),
    },
  );
  return names;
}

/** For each name, the module's named import of it from a package; undefined when a name is anything else. */
function packageImportsFor(module: Module, names: Set<string>): CarriedImport[] | undefined {
  const carried: CarriedImport[] = [];
  for (const name of names) {
    let found: CarriedImport | undefined;
    for (const edge of module.imports()) {
      if (edge.specifier.startsWith('.') || edge.target) continue;
      for (const spec of edge.path.node.specifiers ?? []) {
        if (spec.type === 'ImportSpecifier' && spec.local.name === name && edge.path.node.importKind !== 'type') found = { name, imported: spec.imported.name, source: edge.specifier };
      }
    }
    if (!found) return undefined;
    carried.push(found);
  }
  return carried;
}

interface CarriedImport {
  name: string;
  imported: string;
  source: string;
}

function planMove(exporter: Module, importer: Module, transport: ExportedTransport): InlinedTransport | undefined {
  const j = importer.j;
  let declaration: AnyPath | undefined;
  let specifier: AnyNode | undefined;
  for (const edge of importer.imports()) {
    if (edge.target !== exporter.absolute) continue;
    for (const spec of edge.path.node.specifiers ?? []) {
      if (spec.type === 'ImportSpecifier' && (spec.imported.name ?? spec.imported.value) === transport.name) {
        declaration = edge.path;
        specifier = spec;
      }
    }
  }
  if (!declaration || !specifier || edge(declaration)) return undefined;
  const local: string = specifier.local.name;
  const classSource = importSourceOf(exporter, transport.cls);
  const classLocal = classSource ? localClassName(importer, transport.cls, classSource) : undefined;
  if (!classSource || classLocal === null) return undefined;

  const semi = usesSemicolons(importer.text) ? ';' : '';
  const quote = printOptionsFor(importer.text).quote === 'double' ? '"' : "'";
  const options = transport.init.arguments.map((argument: AnyNode) => exporter.j(argument).toSource()).join(', ');
  const body = importer.program.body as AnyNode[];
  declaration.node.specifiers = declaration.node.specifiers.filter((spec: AnyNode) => spec !== specifier);
  if (declaration.node.specifiers.length === 0) body.splice(body.indexOf(declaration.node), 1);
  const lines: string[] = [];
  if (classLocal === undefined) lines.push(`import { ${transport.cls} } from ${quote}${classSource}${quote}${semi}`);
  for (const carried of transport.carried) {
    const present = localClassName(importer, carried.imported, carried.source);
    if (present === null || (present !== undefined && present !== carried.name)) return undefined;
    if (present === undefined) {
      const binding = carried.imported === carried.name ? carried.name : `${carried.imported} as ${carried.name}`;
      lines.push(`import { ${binding} } from ${quote}${carried.source}${quote}${semi}`);
    }
  }
  let lastImport = -1;
  for (const [index, statement] of body.entries()) if (statement.type === 'ImportDeclaration') lastImport = index;
  const added = j(lines.join('\n')).find(j.Program).get().node.body;
  const created = j(`const ${local} = new ${classLocal ?? transport.cls}(${options})${semi}`).find(j.Program).get().node.body;
  body.splice(lastImport + 1, 0, ...added, ...created);
  const importerText = importer.root.toSource(printOptionsFor(importer.text));

  const { line, column } = lineOf(transport.statement);
  const exporterBody = exporter.program.body as AnyNode[];
  exporterBody.splice(exporterBody.indexOf(transport.statement), 1);
  dropUnusedImport(exporter, transport.cls);
  for (const carried of transport.carried) dropUnusedImport(exporter, carried.name);
  if (!exporterBody.some((statement) => /^Export/.test(statement.type))) {
    exporterBody.push(...exporter.j(`export {}${usesSemicolons(exporter.text) ? ';' : ''}`).find(exporter.j.Program).get().node.body);
  }
  const exporterText = exporter.root.toSource(printOptionsFor(exporter.text));
  return { exporter: exporter.absolute, exporterText, importer: importer.absolute, importerText, name: local, line, column, stateless: transport.stateless };
}

/** An import with a default or namespace part as well is left as it is. */
function edge(declaration: AnyPath): boolean {
  return (declaration.node.specifiers ?? []).some((spec: AnyNode) => spec.type !== 'ImportSpecifier');
}

function importSourceOf(module: Module, cls: string): string | undefined {
  let source: string | undefined;
  module.root.find(module.j.ImportDeclaration).forEach((path: AnyPath) => {
    if ((path.node.specifiers ?? []).some((spec: AnyNode) => spec.type === 'ImportSpecifier' && spec.imported.name === cls && spec.local.name === cls)) source = String(path.node.source.value);
  });
  return source;
}

/** The importer's name for the class: undefined when it must be imported, null when the name is taken by something else. */
function localClassName(module: Module, cls: string, source: string): string | undefined | null {
  let local: string | undefined;
  module.root.find(module.j.ImportDeclaration).forEach((path: AnyPath) => {
    if (String(path.node.source.value) !== source) return;
    for (const spec of path.node.specifiers ?? []) if (spec.type === 'ImportSpecifier' && spec.imported.name === cls && path.node.importKind !== 'type') local = spec.local.name;
  });
  if (local) return local;
  return module.usedNames().has(cls) ? null : undefined;
}

function dropUnusedImport(module: Module, cls: string): void {
  const j: JSCodeshift = module.j;
  if (module.root.find(j.Identifier, { name: cls }).filter((path: AnyPath) => path.parent.node.type !== 'ImportSpecifier').size() > 0) return;
  const body = module.program.body as AnyNode[];
  for (const statement of [...body]) {
    if (statement.type !== 'ImportDeclaration') continue;
    const kept = (statement.specifiers ?? []).filter((spec: AnyNode) => !(spec.type === 'ImportSpecifier' && spec.local.name === cls));
    if (kept.length === (statement.specifiers ?? []).length) continue;
    if (kept.length === 0) body.splice(body.indexOf(statement), 1);
    else statement.specifiers = kept;
  }
}
