/*
 * What every step of one plan shares: the scan, the transaction the edits go into,
 * and the references already taken care of.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES, type RuleId } from '../findings.js';
import type { Model } from '../scan/model.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import type { FunctionPath } from '../scan/runs.js';
import type { SdkClass } from '../scan/sdk-classes.js';
import type { Transaction } from './transaction.js';

/** How to get a new instance where one is needed. */
export interface Factory {
  /** An expression that makes a new instance (`createMcpServer()`, `this.createMcpServer()`, `createServer(config)`). */
  call: string;
  /** The function itself, to hand to code that builds instances later (`createMcpServer`); absent when only `call` exists. */
  reference?: string;
  /** Whether `call` returns a promise. */
  async: boolean;
  module: SourceModule;
  /** Where `call` is valid: inside this function, or anywhere in the module when undefined. */
  scope: FunctionPath | undefined;
  cls: SdkClass;
  /** The builder this plan writes, when there is one: later steps add to it. */
  builder?: Builder;
  /**
   * A function every new instance is handed to where the plan creates one (`keepLive`),
   * when the builder is not this plan's to change. Read when the edits are applied, so
   * steps planned later may still set it.
   */
  track?: string;
  /**
   * A destructuring made again where a server is needed (`const { server, cleanup } =
   * createServer()`): the other names it declares come with the server.
   */
  declaration?: Redeclaration;
  /**
   * Keeps one instance under the binding's old name where it was declared, for a step
   * whose uses still need that one beside the new ones (a handle returned to the
   * caller, never connected). Read when the edits land; absent when the factory
   * cannot keep it (the binding itself becomes a factory).
   */
  keepOnce?: () => void;
}

/** The expression that makes a new instance where a step needs one (`await`ed when the factory is async). */
export function newInstance(factory: Factory): string {
  const made = factory.declaration;
  // A destructured call is tracked whole (its cleanup comes with the server), then the server taken.
  if (made && factory.track) return factory.async ? `(${factory.track}(await ${made.init})).${made.key}` : `${factory.track}(${made.init}).${made.key}`;
  const call = factory.async ? `await ${factory.call}` : factory.call;
  return factory.track ? `${factory.track}(${call})` : call;
}

/** The destructuring made again where a server is needed, its call handed to the tracking function when there is one. */
export function redeclared(factory: Factory): string | undefined {
  const made = factory.declaration;
  if (!made) return undefined;
  if (!factory.track) return made.text;
  return `${made.kind} ${made.pattern} = ${factory.track}(${factory.async ? 'await ' : ''}${made.init})`;
}

export interface Redeclaration {
  /** The whole declaration, without its semicolon. */
  text: string;
  /** Its parts: `const`, `{ server, cleanup }`, `createServer()` (without `await`), the server's key. */
  kind: string;
  pattern: string;
  init: string;
  key: string;
  /** The other names the declaration gives (`cleanup`): their reads need the same new value. */
  siblings: Binding[];
  /** What `call` came from, for reasons (`createServer()`). */
  callee: string;
}

export interface Builder {
  name: string;
  /** Statements added at the end of the builder, before its `return`. */
  tail: Array<() => AnyNode[]>;
  /** Statements declared right before the builder (a set of live servers). */
  before: Array<() => AnyNode[]>;
  /** Statements declared right after the builder (the instance start-up code keeps). */
  after: Array<() => AnyNode[]>;
  /** The local name the instance has inside the builder. */
  local: string;
  /** Configuring statements moved in (their references are the builder's). */
  moved: Path[];
  /** The list the instance was declared in (the builder's level). */
  list: AnyNode[];
  /** The expression that creates the instance. */
  creation?: Path;
  /** The builder's closing statements (one `onclose` for every cleanup), after the tail. */
  finish?: () => AnyNode[];
}

export class PlanContext {
  /** References a step has rewired already. */
  readonly absorbed = new Set<t.Node>();
  /** Work that needs every factory of the plan first (rewiring what is left of a binding). */
  readonly later: Array<() => void> = [];
  /** Start-up connects in other modules that the plan removes (their modules' imports of the server may go too). */
  readonly removedConnects = new Set<t.Node>();
  /** Factories found for bindings, so each binding is rewritten once. */
  readonly factories = new Map<Binding, Factory | null>();

  constructor(
    readonly model: Model,
    readonly tx: Transaction,
    private readonly canEdit: (path: string) => boolean = () => true,
  ) {}

  /** Whether the run may change this module (it lies in the paths given, and the file is not alone). */
  editable(module: SourceModule): boolean {
    return this.canEdit(module.path);
  }

  /** The shared use being planned: where a blocker goes when its own place cannot be written. */
  site: { module: SourceModule; at: Path } | undefined;

  block(module: SourceModule, at: Path, reason: string, rule: RuleId = RULES.sharedServer): undefined {
    // A marker in a module this run does not write would be silent: it goes to the use instead.
    if (!this.editable(module) && this.site && this.editable(this.site.module)) this.tx.block({ module: this.site.module, at: this.site.at, rule, reason });
    else this.tx.block({ module, at, rule, reason });
    return undefined;
  }

  absorb(paths: Iterable<Path>): void {
    for (const path of paths) this.absorbed.add(path.node);
  }

  isAbsorbed(path: Path): boolean {
    for (let current: Path | null = path; current; current = current.parentPath) if (this.absorbed.has(current.node)) return true;
    return false;
  }
}
