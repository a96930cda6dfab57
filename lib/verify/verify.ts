/*
 * The self-check run on every rewrite before anything is written: the scan of the
 * output must show the invariant, and nothing the user wrote may have changed on
 * the way. A rewrite that fails any check is not written; the site is reported.
 */
import type * as t from '@babel/types';
import { MARKER_PREFIX, IGNORE_DIRECTIVE } from '../findings.js';
import { Model } from '../scan/model.js';
import { type AnyNode, ParseFailure, type Path, SourceModule } from '../scan/module.js';
import { Project, type ProjectFiles } from '../scan/project.js';
import type { Site } from '../scan/sites.js';
import { CONFIG_METHODS } from '../scan/uses.js';
import { BUILTIN_GLOBALS } from './globals.js';
import { printOptionsFor } from '../edit/print-options.js';

export interface RewrittenFile {
  path: string;
  /** The text the rewrite started from. */
  before: string;
  /** What the check needs of the input, read from its module before the edits (so it is not parsed again). */
  facts?: InputFacts;
  after: string;
}

/** What the input said: its literals, the names it reads undeclared, its registrations. */
export interface InputFacts {
  literals: string[];
  unbound: Set<string>;
  registrations: string[];
}

export function inputFacts(module: SourceModule): InputFacts {
  return { literals: literals(module), unbound: unboundNames(module), registrations: registrations(module) };
}

export interface VerifyOptions {
  /** Re-scan the output and require every connect and transport use to be fresh (or left for review). */
  connects?: boolean;
  v2?: boolean;
  /** How many sites of each file the plan left shared on purpose (their blockers are marked). */
  allowedShared?: ReadonlyMap<string, number>;
  /** Modules of the run left as they were, already parsed: the re-scan uses them as they are. */
  unchanged?: Iterable<SourceModule>;
}

/** Problems found, by file. An empty map: the rewrite may be written. */
export function verifyRewrite(files: RewrittenFile[], context: ProjectFiles, options: VerifyOptions = {}): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const report = (path: string, problem: string) => {
    const list = problems.get(path) ?? [];
    if (!list.includes(problem)) list.push(problem);
    problems.set(path, list);
  };
  const outputs = new Map(files.map((file) => [file.path, file.after]));
  const project = new Project({ sources: context.sources, read: (path) => outputs.get(path) ?? context.read(path) });
  for (const module of options.unchanged ?? []) if (!outputs.has(module.path)) project.add(module);
  const rewritten: SourceModule[] = [];
  const literalsBefore = new Map<string, string[]>();
  const literalsAfter: string[] = [];
  const registrationsBefore = new Map<string, string[]>();
  const registrationsAfter: string[] = [];
  for (const file of files) {
    let before: InputFacts;
    try {
      before = file.facts ?? inputFacts(new SourceModule(file.path, file.before));
    } catch (error) {
      // The input parsed when it was rewritten; failing now is a bug, never a pass.
      if (!(error instanceof ParseFailure)) throw error;
      report(file.path, `the input no longer parses (${error.message})`);
      continue;
    }
    const after = project.module(file.path);
    if (!after) {
      report(file.path, `the output does not parse (${project.parseError(file.path) ?? 'unreadable'})`);
      continue;
    }
    rewritten.push(after);
    literalsBefore.set(file.path, before.literals);
    literalsAfter.push(...literals(after));
    for (const name of newGlobals(before, after)) report(file.path, `\`${name}\` is referenced where it is not declared`);
    registrationsBefore.set(file.path, before.registrations);
    registrationsAfter.push(...registrations(after));
  }
  // Both counted over the whole change set: code may move into another module's builder.
  for (const [path, problem] of changedLiterals(literalsBefore, literalsAfter)) report(path, problem);
  for (const [path, call] of lostRegistrations(registrationsBefore, registrationsAfter)) report(path, `the registration \`${call}\` is missing from the output`);
  if (options.connects !== false) {
    const model = new Model(project, rewritten, { v2: options.v2 });
    const shared = new Map<string, string[]>();
    for (const site of model.sites) {
      const problem = sharedSite(model, site);
      if (problem) shared.set(site.module.path, [...(shared.get(site.module.path) ?? []), problem]);
    }
    for (const [path, list] of shared) {
      // Sites the plan left for review stay shared; any other is a rewrite that missed one.
      if (list.length > (options.allowedShared?.get(path) ?? 0)) for (const problem of list) report(path, problem);
    }
  }
  return problems;
}

/** String and template-literal values: each one of the inputs is kept as written, or gone with its code. */
function changedLiterals(before: Map<string, string[]>, after: string[]): Array<[string, string]> {
  const gained = multiset(after);
  const lost = missingFrom(before, gained);
  // A literal that is gone while a literal of the same words appeared: changed, not removed.
  const gainedByShape = new Map<string, string>();
  for (const [value, count] of gained) if (count > 0) gainedByShape.set(shape(value), value);
  const problems: Array<[string, string]> = [];
  for (const [path, value] of lost) {
    const twin = gainedByShape.get(shape(value));
    if (twin !== undefined) problems.push([path, `a string or template literal changed: ${JSON.stringify(excerpt(value))} became ${JSON.stringify(excerpt(twin))}`]);
  }
  return problems;
}

function literals(module: SourceModule): string[] {
  const values: string[] = [];
  for (const path of module.paths<t.StringLiteral>('StringLiteral')) values.push(`s:${path.node.value}`);
  // recast parses with leading tabs expanded, so a quasi's value cannot tell a tab from
  // spaces: its lines are read back as written.
  const lines = (module.file as AnyNode).loc?.lines;
  const options = { tabWidth: printOptionsFor(module.text).tabWidth, reuseWhitespace: true, lineTerminator: '\n' };
  const written = (quasi: AnyNode): string =>
    lines && quasi.loc && quasi.loc.start.line !== quasi.loc.end.line ? lines.slice(quasi.loc.start, quasi.loc.end).toString(options) : quasi.value.raw;
  for (const path of module.paths<t.TemplateLiteral>('TemplateLiteral')) {
    values.push(`t:${path.node.quasis.map(written).join('${}')}`);
  }
  return values;
}

function shape(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function excerpt(value: string): string {
  const text = value.slice(2);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function multiset(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Names the output reads without declaring them, that the input did not read either. */
function newGlobals(before: InputFacts, after: SourceModule): string[] {
  const known = before.unbound;
  return [...unboundNames(after)].filter((name) => !known.has(name) && !BUILTIN_GLOBALS.has(name));
}

/** Every name read where no binding declares it (a parameter property, `constructor(private x)`, declares one). */
function unboundNames(module: SourceModule): Set<string> {
  const names = new Set<string>();
  for (const path of module.paths<t.Identifier>('Identifier')) {
    const parent = path.parent as AnyNode;
    if (parent.type === 'TSParameterProperty' || (parent.type === 'AssignmentPattern' && path.parentPath?.parent.type === 'TSParameterProperty')) continue;
    // A member name in a type literal (`{ close(): Promise<void> }`) names a property, not a binding.
    if ((parent.type === 'TSMethodSignature' || parent.type === 'TSPropertySignature') && parent.key === path.node && !parent.computed) continue;
    if (!path.isReferencedIdentifier() || path.scope.hasBinding(path.node.name, { noGlobals: true })) continue;
    if (parent.type === 'TSTypeReference' && isTypeParameter(path)) continue;
    names.add(path.node.name);
  }
  return names;
}

/** A type name declared by a type parameter of an enclosing function or class (`<S extends ...>`): Babel's scopes do not hold those. */
function isTypeParameter(path: Path): boolean {
  const name = (path.node as AnyNode).name;
  for (let current: Path | null = path.parentPath; current; current = current.parentPath) {
    const params = (current.node as AnyNode).typeParameters?.params as AnyNode[] | undefined;
    if (params?.some((param) => param.name === name)) return true;
  }
  return false;
}

/** Registrations of the inputs (by their text, whitespace aside) that no output has, with the file that had each. */
function lostRegistrations(before: Map<string, string[]>, after: string[]): Array<[string, string]> {
  return missingFrom(before, multiset(after)).map(([path, call]) => [path, call.length > 60 ? `${call.slice(0, 57)}...` : call]);
}

/** The values of each file's input that the outputs' multiset has no copy left of (it is used up). */
function missingFrom(before: Map<string, string[]>, outputs: Map<string, number>): Array<[string, string]> {
  const missing: Array<[string, string]> = [];
  for (const [path, values] of before) {
    for (const value of values) {
      const count = outputs.get(value);
      if (count) outputs.set(value, count - 1);
      else missing.push([path, value]);
    }
  }
  return missing;
}

/** A marker comment line the plan writes (`// mcp-isolate: ...`). */
const MARKER_LINE = new RegExp(`//\\s*${MARKER_PREFIX}[^\\n]*`, 'g');

function registrations(module: SourceModule): string[] {
  const found: string[] = [];
  for (const path of module.paths<t.CallExpression>('CallExpression')) {
    const callee = path.node.callee as AnyNode;
    if (callee.type !== 'MemberExpression' || callee.computed || !CONFIG_METHODS.has(callee.property.name)) continue;
    // Only what follows the receiver: the receiver may be renamed (`this.server` -> `server`).
    const text = module.text_(path.node as t.Node);
    const receiver = module.text_(callee.object as t.Node);
    // A marker the plan wrote inside a registration's callback keeps the registration.
    found.push(text.slice(receiver.length).replace(MARKER_LINE, '').replace(/\s+/g, ''));
  }
  return found;
}

/** A connect or transport use that still shares its server or transport, unless marked for review. */
function sharedSite(model: Model, site: Site): string | undefined {
  const at = site.kind === 'connect' ? site.call : site.use;
  if (markedStatement(at)) return undefined;
  if (!model.runs.repeatingScope(at, site.module)) return undefined;
  const traces = site.kind === 'connect' ? site.serverTraces : site.traces;
  for (const trace of traces) {
    for (const step of trace.steps) {
      if (step.kind !== 'read') continue;
      if (model.runs.crossing(step.ref, step.binding, step.module)) {
        const line = (at.node.loc?.start.line ?? 0) as number;
        return site.kind === 'connect'
          ? `line ${line}: the server connected here is still shared by every connection`
          : `line ${line}: the transport used here is still shared by every request`;
      }
    }
  }
  return undefined;
}

function markedStatement(path: Path): boolean {
  for (let current: Path | null = path; current; current = current.parentPath) {
    const comments: AnyNode[] = [...((current.node as AnyNode).leadingComments ?? []), ...((current.node as AnyNode).comments ?? [])];
    if (comments.some((comment) => typeof comment.value === 'string' && (comment.value.includes(MARKER_PREFIX) || comment.value.includes(IGNORE_DIRECTIVE)))) return true;
    if (current.isStatement() && Array.isArray(current.container)) {
      // Only the statement that holds the use carries its marker.
      if (current.parentPath?.isBlockStatement() || current.parentPath?.isProgram()) return false;
    }
  }
  return false;
}

export { ParseFailure };
