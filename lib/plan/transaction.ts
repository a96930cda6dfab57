/*
 * All edits for one server (and the transports tied to it) are planned together and
 * land together. A transaction buffers them per module; it commits when the plan
 * found no blocker, and otherwise only its markers are written, at the blockers.
 */
import type { Finding, RuleId } from '../findings.js';
import type { ModuleChanges } from '../edit/changes.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';

export interface Blocker {
  module: SourceModule;
  /** Where the rewrite cannot go on: the marker goes on the statement that holds it. */
  at: Path;
  rule: RuleId;
  reason: string;
}

type Op = (changes: ModuleChanges) => void;

/** The edits one module receives from a transaction, recorded until it commits. */
export class ModuleEdits {
  readonly ops: Op[] = [];
  readonly claimed: string[] = [];

  constructor(
    readonly module: SourceModule,
    readonly changes: ModuleChanges,
  ) {}

  get style() {
    return this.changes.style;
  }

  freeName(candidates: string[]): string {
    const name = this.changes.freeName(candidates);
    this.claimed.push(name);
    return name;
  }

  isUsed(name: string): boolean {
    return this.changes.isUsed(name);
  }

  claim(name: string): void {
    this.changes.claim(name);
    this.claimed.push(name);
  }

  statements(code: string): AnyNode[] {
    return this.changes.statements(code);
  }

  expression(code: string): AnyNode {
    return this.changes.expression(code);
  }

  text(node: AnyNode): string {
    return this.changes.text(node);
  }

  insertBefore(anchor: Path | AnyNode, make: () => AnyNode[]): void {
    this.ops.push((changes) => changes.insertBefore(anchor, make));
  }

  insertAfter(anchor: Path | AnyNode, make: () => AnyNode[]): void {
    this.ops.push((changes) => changes.insertAfter(anchor, make));
  }

  replace(target: Path, make: () => AnyNode): void {
    this.ops.push((changes) => changes.replace(target, make));
  }

  remove(target: Path | AnyNode): void {
    this.ops.push((changes) => changes.remove(target));
  }

  /** Removes the target when the edits land, unless by then a later step said it still needs it. */
  removeUnless(target: Path | AnyNode, kept: () => boolean): void {
    this.ops.push((changes) => {
      if (!kept()) changes.remove(target);
    });
  }

  move(apply: (changes: ModuleChanges) => void): void {
    this.ops.push((changes) => changes.move(() => apply(changes)));
  }

  makeAsync(fn: Path | AnyNode): void {
    this.ops.push((changes) => changes.makeAsync(fn));
  }

  /** A marker that lands with the plan: a place left for a person to decide, which does not stop the rest. */
  mark(statement: Path, reason: string): void {
    this.ops.push((changes) => changes.mark(statement, reason));
  }
}

export class Transaction {
  private readonly edits = new Map<SourceModule, ModuleEdits>();
  readonly blockers: Blocker[] = [];
  readonly fixed: Array<{ module: SourceModule; finding: Finding }> = [];
  /** Findings written whatever happens (a summary at the server's declaration). */
  readonly notes: Array<{ module: SourceModule; finding: Finding }> = [];

  constructor(private readonly changesOf: (module: SourceModule) => ModuleChanges) {}

  at(module: SourceModule): ModuleEdits {
    let edits = this.edits.get(module);
    if (!edits) this.edits.set(module, (edits = new ModuleEdits(module, this.changesOf(module))));
    return edits;
  }

  block(blocker: Blocker): void {
    if (!this.blockers.some((known) => known.at.node === blocker.at.node && known.reason === blocker.reason)) this.blockers.push(blocker);
  }

  get blocked(): boolean {
    return this.blockers.length > 0;
  }

  /** The modules this transaction edits: they are written together or not at all. */
  modules(): SourceModule[] {
    return [...this.edits.values()].filter((edits) => edits.ops.length > 0).map((edits) => edits.module);
  }

  commit(): void {
    for (const edits of this.edits.values()) for (const op of edits.ops) op(edits.changes);
  }
}
