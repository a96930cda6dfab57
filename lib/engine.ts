/*
 * The engine: scan the project, plan every shared instance, apply the edits, and
 * verify the output before anything is handed back. One engine for one file and for
 * a whole project: a file on its own is a project of one module.
 */
import type { Finding } from './findings.js';
import { keepLineEndings } from './text.js';
import { Model } from './scan/model.js';
import type { SourceModule } from './scan/module.js';
import { Project, type ProjectFiles } from './scan/project.js';
import type { ModuleResolver } from './scan/resolver.js';
import { planProject } from './plan/planner.js';
import { type InputFacts, inputFacts, verifyRewrite } from './verify/verify.js';
import { sharedUses } from './plan/shared.js';

/** Text of a module that connects a server or hands a request to a transport (or re-exports one). */
const USES_AN_INSTANCE = /\.(?:connect|handleRequest|handlePostMessage)\s*[(.]|\bexport\b[^;]*\bfrom\b/;

export interface IsolateInput {
  /** Absolute paths of the modules to look at: those that mention the SDK. */
  seeds: readonly string[];
  /** How the engine reads the project's modules (decoded text) and finds importers. */
  files: ProjectFiles;
  /** Modules the rewrite may change (the run's paths); by default every module it reads. */
  editable?: (path: string) => boolean;
  /** How imports resolve (by default without tsconfig `paths`). */
  resolver?: ModuleResolver;
  v2?: boolean;
}

export interface FileOutcome {
  /** The text the plan started from (decoded, without a BOM). */
  before: string;
  /** The new text, or undefined when the file stays as it is. */
  output?: string;
  findings: Finding[];
  error?: string;
  /** Files rewritten together carry the same group: written all or none. */
  group?: string;
}

export function isolate(input: IsolateInput): Map<string, FileOutcome> {
  const outcomes = new Map<string, FileOutcome>();
  const project = new Project(input.files, input.resolver);
  const modules: SourceModule[] = [];
  for (const path of input.seeds) {
    const module = project.module(path);
    if (module) modules.push(module);
    else {
      const error = project.parseError(path);
      if (error) outcomes.set(path, { before: input.files.read(path) ?? '', findings: [], error: `could not parse: ${error}` });
    }
  }
  // Modules that use what a seed exports (a server, a transport, a getter) may connect it
  // without naming the SDK themselves: they are scanned too.
  const scanned = new Set(modules);
  const queue = [...modules];
  while (queue.length > 0) {
    const module = queue.shift() as SourceModule;
    if (!/\bexport\b/.test(module.text)) continue;
    for (const importer of project.importersOf(module)) {
      if (scanned.has(importer) || !USES_AN_INSTANCE.test(importer.text)) continue;
      scanned.add(importer);
      modules.push(importer);
      queue.push(importer);
    }
  }
  const model = new Model(project, modules, { v2: input.v2 });
  const plan = planProject(model, { editable: input.editable });

  const outputs = new Map<SourceModule, string>();
  const facts = new Map<SourceModule, InputFacts>();
  for (const [module, changes] of plan.changes) {
    if (!changes.hasChanges) continue;
    const editable = input.editable?.(module.path) ?? true;
    if (!editable) continue;
    // Read before the edits change the syntax tree in place: the self-check compares against it.
    facts.set(module, inputFacts(module));
    try {
      const printed = changes.apply();
      if (printed !== undefined && printed !== module.text) outputs.set(module, keepLineEndings(module.text, printed));
    } catch (error) {
      outcomes.set(module.path, { before: module.text, findings: plan.findings.get(module) ?? [], error: `the rewrite failed (${firstLine(error)}); file left untouched, please report this` });
    }
  }

  // Modules rewritten together are verified, and written, together.
  const groupOf = new Map<SourceModule, number>();
  plan.groups.forEach((group, index) => group.forEach((module) => groupOf.set(module, index)));
  const batches = new Map<string, SourceModule[]>();
  for (const module of outputs.keys()) {
    const key = groupOf.has(module) ? `group:${groupOf.get(module)}` : module.path;
    const batch = batches.get(key) ?? [];
    batch.push(module);
    batches.set(key, batch);
  }
  // Every module the run parsed and did not edit is reused by the self-check as it is.
  const untouched = project.loaded().filter((module) => !plan.changes.get(module)?.hasChanges);
  const allowed = new Map<string, number>();
  for (const site of model.sites) {
    const node = site.kind === 'connect' ? site.call.node : site.use.node;
    if (plan.reviewed.has(node) && sharedUses(model, site).length > 0) allowed.set(site.module.path, (allowed.get(site.module.path) ?? 0) + 1);
  }
  for (const [key, batch] of batches) {
    const files = batch.map((module) => ({ path: module.path, before: module.text, facts: facts.get(module), after: outputs.get(module) as string }));
    const problems = verifyRewrite(files, input.files, { v2: input.v2, allowedShared: allowed, unchanged: untouched });
    for (const module of batch) {
      const found = [...problems.values()].flat();
      const own = problems.get(module.path) ?? [];
      const problem = own[0] ?? found[0];
      outcomes.set(module.path, {
        before: module.text,
        findings: plan.findings.get(module) ?? [],
        ...(problem
          ? { error: `the rewrite failed its self-check (${problem}); file left untouched, please report this` }
          : { output: outputs.get(module) }),
        ...(batch.length > 1 ? { group: key } : {}),
      });
    }
  }
  for (const module of modules) {
    if (!outcomes.has(module.path)) outcomes.set(module.path, { before: module.text, findings: plan.findings.get(module) ?? [] });
  }
  // Findings in modules that end up unchanged (a marker the run may not write) are still reported.
  for (const [module, findings] of plan.findings) {
    if (!outcomes.has(module.path)) outcomes.set(module.path, { before: module.text, findings });
  }
  return outcomes;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
