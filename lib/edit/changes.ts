/*
 * The edits planned for one module, applied together at the end (as TypeScript's
 * ChangeTracker does): planning never changes the tree the scan is still reading.
 * Edits name nodes, not positions, so their order does not matter within a phase;
 * phases run in a fixed order (custom moves, replacements, insertions, removals).
 */
import * as recast from 'recast';
import type * as t from '@babel/types';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import { type Style, styleOf } from './style.js';
import { printModule } from './print.js';
import { lockLiteralLines } from './lock-templates.js';
import { MARKER_PREFIX, IGNORE_DIRECTIVE } from '../findings.js';

type Make = () => AnyNode[];

interface Insertion {
  anchor: AnyNode;
  after: boolean;
  make: Make;
}

export class ModuleChanges {
  readonly style: Style;
  private readonly homes = new Map<AnyNode, AnyNode[]>();
  private readonly moves: Array<() => void> = [];
  private readonly replacements: Array<{ parent: AnyNode; key: string | number; listKey?: string; node: AnyNode; make: () => AnyNode }> = [];
  private readonly insertions: Insertion[] = [];
  private readonly removals = new Set<AnyNode>();
  private readonly asyncFunctions = new Set<AnyNode>();
  private readonly markers: Array<{ statement: Path; text: string }> = [];
  private readonly usedNames: Set<string>;
  /** Whether anything but markers changes. */
  rewritten = false;

  constructor(readonly module: SourceModule) {
    this.style = styleOf(module.text, module.typescript);
    this.usedNames = new Set(module.usedNames());
  }

  get hasChanges(): boolean {
    return this.rewritten || this.markers.length > 0;
  }

  // ------------------------------------------------------------------ names

  /** A name no binding of the module uses yet (and none the rewrite added). */
  freeName(candidates: string[]): string {
    for (const candidate of candidates) {
      if (!this.usedNames.has(candidate)) {
        this.usedNames.add(candidate);
        return candidate;
      }
    }
    let counter = 2;
    while (this.usedNames.has(`${candidates[0]}${counter}`)) counter++;
    const name = `${candidates[0]}${counter}`;
    this.usedNames.add(name);
    return name;
  }

  isUsed(name: string): boolean {
    return this.usedNames.has(name);
  }

  claim(name: string): void {
    this.usedNames.add(name);
  }

  // --------------------------------------------------------------- snippets

  /** Statements parsed from code written in the file's style (recast prints them from that text). */
  statements(code: string): AnyNode[] {
    // Wrapped in an async function so `await` parses in any parser configuration.
    // Parsed with the options the module prints with, so a reused line keeps its tabs.
    const file = this.module.j(`async function __mcpIsolate() {\n${code}\n}`, this.style.print).get().node as AnyNode;
    // Code moved from another module keeps its multi-line literals byte for byte, too.
    const literals: AnyNode[] = [];
    recast.visit(file, {
      visitTemplateLiteral(path) {
        literals.push(path.node);
        this.traverse(path);
      },
      visitStringLiteral(path) {
        literals.push(path.node);
        return false;
      },
    });
    lockLiteralLines(file, literals);
    return file.program.body[0].body.body;
  }

  expression(code: string): AnyNode {
    return (this.statements(`(${code});`)[0] as AnyNode).expression;
  }

  /** A node's source as the user wrote it, in the file's style, for code the rewrite writes out again. */
  text(node: AnyNode): string {
    return recast.print(node, { ...this.style.print, lineTerminator: '\n' }).code;
  }

  // ------------------------------------------------------------- operations

  /** Where a statement lives (its list), as the scan saw it or as a move left it. */
  private home(path: Path | AnyNode): { node: AnyNode; list: AnyNode[] } | undefined {
    const node = isPath(path) ? path.node : path;
    const moved = this.homes.get(node);
    if (moved) return { node, list: moved };
    if (isPath(path) && Array.isArray(path.container)) return { node, list: path.container as AnyNode[] };
    return undefined;
  }

  /** Records a statement's list, for nodes the plan moves or creates. */
  rehome(node: AnyNode, list: AnyNode[]): void {
    this.homes.set(node, list);
  }

  insertBefore(anchor: Path | AnyNode, make: Make): void {
    this.insertions.push({ anchor: this.anchorOf(anchor), after: false, make });
    this.rewritten = true;
  }

  insertAfter(anchor: Path | AnyNode, make: Make): void {
    this.insertions.push({ anchor: this.anchorOf(anchor), after: true, make });
    this.rewritten = true;
  }

  private anchorOf(anchor: Path | AnyNode): AnyNode {
    if (isPath(anchor)) {
      if (Array.isArray(anchor.container) && !this.homes.has(anchor.node)) this.homes.set(anchor.node, anchor.container as AnyNode[]);
      return anchor.node;
    }
    return anchor;
  }

  /** Replaces a node wherever it sits (an expression, an argument, a statement). */
  replace(target: Path, make: () => AnyNode): void {
    this.replacements.push({ parent: target.parent, key: target.key as string | number, listKey: target.listKey as string | undefined, node: target.node, make });
    this.rewritten = true;
  }

  remove(target: Path | AnyNode): void {
    const node = this.anchorOf(target);
    this.removals.add(node);
    this.rewritten = true;
  }

  /** A change that moves statements around (a builder taking its configuration); runs first. */
  move(apply: () => void): void {
    this.moves.push(apply);
    this.rewritten = true;
  }

  makeAsync(fn: Path | AnyNode): void {
    const node = isPath(fn) ? fn.node : fn;
    if (!node.async) {
      this.asyncFunctions.add(node);
      this.rewritten = true;
    }
  }

  willRemove(node: AnyNode): boolean {
    return this.removals.has(node);
  }

  /** A `// mcp-isolate: <reason>` comment on a statement, written once. */
  mark(statement: Path, reason: string): void {
    const node = statement.node as AnyNode;
    const comments: AnyNode[] = [...(node.comments ?? []), ...(node.leadingComments ?? [])];
    if (comments.some((comment) => typeof comment.value === 'string' && (comment.value.includes(MARKER_PREFIX) || comment.value.includes(IGNORE_DIRECTIVE)))) return;
    if (this.markers.some((marker) => marker.statement.node === node)) return;
    this.markers.push({ statement, text: reason });
  }

  // ------------------------------------------------------------------ apply

  /** Applies every planned change and prints the module; undefined when nothing changes. */
  apply(): string | undefined {
    if (!this.hasChanges) return undefined;
    for (const move of this.moves) move();
    const replaced = new Map<AnyNode, AnyNode>();
    for (const { parent, key, listKey, node, make } of this.replacements) {
      const replacement = make();
      replaced.set(node, replacement);
      if (listKey) {
        const list = parent[listKey] as AnyNode[];
        const index = list.indexOf(node);
        if (index >= 0) list[index] = replacement;
      } else if (parent[key] === node) {
        parent[key] = replacement;
      }
      const home = this.homes.get(node);
      if (home) this.homes.set(replacement, home);
    }
    // A removed statement leaves a placeholder first: insertions may still be anchored on
    // it, and a statement that moves (removed here, inserted elsewhere) is never confused
    // with its new copy.
    const placeholders = new Map<AnyNode, AnyNode>();
    for (const node of this.removals) {
      // Removing a node another change replaced removes what replaced it.
      const current = replaced.get(node) ?? node;
      const list = this.homes.get(current) ?? this.homes.get(node);
      const index = list ? list.indexOf(current) : -1;
      if (!list || index < 0) continue;
      const placeholder = { type: 'Removed', removed: current };
      list[index] = placeholder;
      placeholders.set(node, placeholder);
      this.homes.set(placeholder, list);
    }
    // Insertions land in the order they were planned: before an anchor, each goes right
    // before it; after an anchor, each goes after the ones inserted there before it.
    const lastAfter = new Map<AnyNode, AnyNode>();
    for (const { anchor: given, after, make } of this.insertions) {
      const anchor = placeholders.get(given) ?? replaced.get(given) ?? given;
      const list = this.homes.get(anchor);
      if (!list) throw new Error('an insertion lost its place');
      const statements = make();
      if (statements.length === 0) continue;
      const at = after ? (lastAfter.get(anchor) ?? anchor) : anchor;
      const index = list.indexOf(at);
      if (index < 0) throw new Error('an insertion lost its anchor');
      list.splice(after ? index + 1 : index, 0, ...statements);
      if (after) lastAfter.set(anchor, statements[statements.length - 1]);
      for (const statement of statements) this.homes.set(statement, list);
    }
    for (const placeholder of placeholders.values()) {
      const list = this.homes.get(placeholder) as AnyNode[];
      const index = list.indexOf(placeholder);
      if (index >= 0) list.splice(index, 1);
    }
    for (const fn of this.asyncFunctions) fn.async = true;
    for (const { statement, text } of this.markers) this.writeMarker(statement, text);
    return printModule(this.module, this.style);
  }

  private writeMarker(statement: Path, reason: string): void {
    const node = statement.node as AnyNode;
    const list = this.homes.get(node) ?? (Array.isArray(statement.container) ? (statement.container as AnyNode[]) : undefined);
    if (!this.style.semi && !node.comments?.length && list) {
      // recast reprints a statement whose comments change and adds a `;`: in a file
      // written without semicolons, the statement is parsed again from its own text.
      const [replacement] = this.statements(`// ${MARKER_PREFIX} ${reason}\n${this.text(node)}`);
      const index = list.indexOf(node);
      if (replacement && index >= 0) {
        list[index] = replacement;
        return;
      }
    }
    node.comments = [...(node.comments ?? []), recast.types.builders.commentLine(` ${MARKER_PREFIX} ${reason}`, true, false)];
  }
}

function isPath(value: unknown): value is Path {
  return Boolean(value && typeof value === 'object' && 'node' in value && 'scope' in value && 'parentPath' in value);
}
