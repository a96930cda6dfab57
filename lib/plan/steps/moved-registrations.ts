/*
 * Step: registrations made in an entry module move into the builder. An entry that
 * starts the process and registers tools on a server it imports cannot keep them: the
 * builder would have to import the entry back (running it again, in a cycle). So the
 * registration statements themselves move into the builder, and each name they read
 * comes with them as an import of the builder's module (its path recomputed from
 * there); the entry drops the statements and the imports only they used.
 *
 * What cannot move is said: a name declared in the entry itself, a top-level `await`.
 */
import type { Binding } from '@babel/traverse';
import { dirname, join, relative, sep } from 'node:path';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { PlanContext } from '../context.js';
import { printOptionsFor } from '../../edit/print-options.js';

/** A registration the builder replays for every new server. */
export interface Registration {
  /** Where it ran before, relative to the others: the builder keeps that order. */
  order: number;
  /** The builder's statements for it, given the new server's name. */
  code: (server: string) => string;
  /** Import declarations the builder's module needs for it. */
  imports: string[];
}

interface Loc {
  line: number;
  column: number;
}

interface Rename {
  start: number;
  end: number;
  loc: { start: Loc; end: Loc };
  to: string | ((server: string) => string);
}

/**
 * The entry's registration statements as one registration of the builder in
 * `exporter`, or the reason they cannot move (with the statement that blocks).
 */
export function moveRegistrations(
  ctx: PlanContext,
  entry: SourceModule,
  exporter: SourceModule,
  statements: Path[],
  server: Binding,
  order: number,
): Registration | { reason: string; at: Path } {
  const exporterEdits = ctx.tx.at(exporter);
  const { quote: q, semi } = exporterEdits.style;
  const renames: Rename[] = [];
  const imported = new Map<Binding, string>();
  const imports: Array<{ text: string; at: number }> = [];
  const moved = new Set(statements.map((statement) => statement.node));

  for (const statement of statements) {
    let blocked: { reason: string; at: Path } | undefined;
    statement.traverse({
      AwaitExpression(path: Path) {
        if (!blocked && !insideFunction(path, statement)) blocked = { reason: 'it waits (`await`) at the top level of the entry, which a builder cannot do', at: statement };
      },
      ReferencedIdentifier(path: Path) {
        if (blocked) return;
        const name = (path.node as AnyNode).name as string;
        const binding = path.scope.getBinding(name);
        // A global, or a name the statement declares itself.
        if (!binding || contains(statement, binding.path)) return;
        if (binding === server) {
          renames.push({ start: path.node.start as number, end: path.node.end as number, loc: (path.node as AnyNode).loc, to: (local) => local });
          return;
        }
        if (binding.kind !== 'module') {
          blocked = { reason: `it reads \`${name}\`, declared in the entry itself`, at: statement };
          return;
        }
        let local = imported.get(binding);
        if (local === undefined) {
          const line = importLine(ctx, entry, exporter, binding, q, semi);
          if (!line) {
            blocked = { reason: `it reads \`${name}\`, which the builder's module cannot import the same way`, at: statement };
            return;
          }
          local = line.local;
          imported.set(binding, local);
          if (line.text) imports.push({ text: line.text, at: binding.path.parentPath?.node.start ?? 0 });
        }
        if (local !== name) renames.push({ start: path.node.start as number, end: path.node.end as number, loc: (path.node as AnyNode).loc, to: local });
      },
    } as never);
    if (blocked) return blocked;
  }

  // The entry keeps nothing of them: the statements go, and every import only they read.
  const edits = ctx.tx.at(entry);
  for (const statement of statements) edits.remove(statement);
  const emptied = new Map<AnyNode, number>();
  for (const binding of imported.keys()) {
    const onlyMoved = binding.referencePaths.every((ref) => [...moved].some((node) => within(ref.node, node)));
    if (!onlyMoved) continue;
    const declaration = binding.path.parentPath as Path;
    const removed = (emptied.get(declaration.node) ?? 0) + 1;
    emptied.set(declaration.node, removed);
    if (removed === (declaration.node as AnyNode).specifiers.length) edits.remove(declaration);
    else edits.remove(binding.path);
  }

  const texts = statements.map((statement) => textWithRenames(entry, statement, renames));
  // In the order the entry imported them.
  const importLines = imports.sort((a, b) => a.at - b.at).map((line) => line.text);
  return { order, imports: importLines, code: (local) => texts.map((text) => text(local)).join('\n') };
}

/**
 * `import { x } from '...'` for the builder's module: the same import, its relative path
 * recomputed from there. Reused when the module already imports the same name from the
 * same place; renamed when the name is taken.
 */
function importLine(ctx: PlanContext, entry: SourceModule, exporter: SourceModule, binding: Binding, q: string, semi: string): { local: string; text?: string } | undefined {
  const specifier = binding.path.node as AnyNode;
  const declaration = binding.path.parentPath?.node as AnyNode;
  const from = declaration?.source?.value as string | undefined;
  if (!from) return undefined;
  const source = from.startsWith('.') ? relativeTo(entry.path, exporter.path, from) : from;
  const target = ctx.model.project.resolve(entry, from);
  // The builder's own module: what the entry imported from it is already in scope there.
  if (target?.path === exporter.path) return undefined;
  const importedName = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : (specifier.imported.name ?? specifier.imported.value);
  for (const existing of exporter.program.node.body as AnyNode[]) {
    if (existing.type !== 'ImportDeclaration' || existing.source.value !== source) continue;
    for (const other of existing.specifiers as AnyNode[]) {
      const otherName = other.type === 'ImportDefaultSpecifier' ? 'default' : other.type === 'ImportNamespaceSpecifier' ? '*' : (other.imported.name ?? other.imported.value);
      if (otherName === importedName) return { local: other.local.name };
    }
  }
  const edits = ctx.tx.at(exporter);
  const wanted = specifier.local.name as string;
  const local = edits.isUsed(wanted) ? edits.freeName([wanted]) : wanted;
  edits.claim(local);
  const typeOnly = declaration.importKind === 'type' || specifier.importKind === 'type' ? 'type ' : '';
  const clause =
    specifier.type === 'ImportDefaultSpecifier'
      ? local
      : specifier.type === 'ImportNamespaceSpecifier'
        ? `* as ${local}`
        : `{ ${importedName === local ? local : `${importedName} as ${local}`} }`;
  return { local, text: `import ${typeOnly}${clause} from ${q}${source}${q}${semi}` };
}

/** A relative specifier written in `fromFile`, as `toFile` must write it (same extension style). */
function relativeTo(fromFile: string, toFile: string, specifier: string): string {
  // join and relative of the platform (the codemod runtime has no `path.posix`), written with `/`.
  let path = relative(dirname(toFile), join(dirname(fromFile), specifier)).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  return path;
}

/**
 * The statement's own text (with its leading comments), names renamed for the builder.
 * Sliced from recast's lines of the module, which keep each line's original bytes (tabs,
 * line ends aside) where the parser's offsets would not.
 */
function textWithRenames(module: SourceModule, statement: Path, renames: Rename[]): (server: string) => string {
  const node = statement.node as AnyNode;
  const comments = ((node.leadingComments ?? []) as AnyNode[]).filter((comment) => !isTrailingOfPrevious(module, statement, comment));
  const first = [...comments, node].sort((a, b) => (a.start as number) - (b.start as number))[0] as AnyNode;
  const own = renames.filter((rename) => rename.start >= (first.start as number) && rename.end <= (node.end as number)).sort((a, b) => a.start - b.start);
  const lines = (module.file as AnyNode).loc.lines;
  const options = { ...printOptionsFor(module.text), reuseWhitespace: true, lineTerminator: '\n' };
  const piece = (from: Loc, to: Loc): string => lines.slice(from, to).toString(options);
  return (server) => {
    let text = '';
    let at: Loc = first.loc.start;
    for (const rename of own) {
      text += piece(at, rename.loc.start) + (typeof rename.to === 'string' ? rename.to : rename.to(server));
      at = rename.loc.end;
    }
    return text + piece(at, node.loc.end);
  };
}

/** A comment on the previous statement's last line belongs to that statement. */
function isTrailingOfPrevious(module: SourceModule, statement: Path, comment: AnyNode): boolean {
  const before = module.parsedText.slice(0, comment.start as number);
  const lineStart = before.lastIndexOf('\n') + 1;
  return before.slice(lineStart).trim() !== '' && statement.key !== 0;
}

function insideFunction(path: Path, statement: Path): boolean {
  const fn = path.getFunctionParent();
  return Boolean(fn && contains(statement, fn));
}

function contains(outer: Path, inner: Path): boolean {
  return within(inner.node, outer.node);
}

function within(inner: AnyNode, outer: AnyNode): boolean {
  return (inner.start as number) >= (outer.start as number) && (inner.end as number) <= (outer.end as number);
}
