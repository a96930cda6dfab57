/*
 * The plan for a project: every shared use the scan found, grouped by the instance it
 * shares, each group planned in a transaction of its own. A group without blockers
 * lands whole; a group with blockers lands only its markers, at the blockers.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { dirname, relative, sep } from 'node:path';
import { ModuleChanges } from '../edit/changes.js';
import { type Finding, RULES } from '../findings.js';
import type { Model } from '../scan/model.js';
import type { AnyNode, Path, SourceModule } from '../scan/module.js';
import type { Site } from '../scan/sites.js';
import { hasComment, lineOf, statementOf } from '../scan/statements.js';
import { IGNORE_DIRECTIVE } from '../findings.js';
import { PlanContext } from './context.js';
import { factoryOfBinding } from './factories.js';
import { type SharedUse, instanceKey, sharedUses } from './shared.js';
import { optionFactory, optionKey } from './steps/plugin-options.js';
import { Transaction } from './transaction.js';
import { isStatelessOptions } from '../scan/transport-options.js';
import { planTransport } from './transports.js';
import { rewireBinding } from './rewire.js';
import { planField } from './steps/fields.js';
import { callsOf } from './steps/callers.js';
import type { FunctionPath } from '../scan/runs.js';
import { bare } from '../scan/statements.js';
import { markHandedOutServers } from './handed-out.js';

export interface ProjectPlan {
  changes: Map<SourceModule, ModuleChanges>;
  findings: Map<SourceModule, Finding[]>;
  /** Modules whose edits belong together: written all or none. */
  groups: SourceModule[][];
  /** Sites left shared on purpose (their blockers are marked): the self-check accepts them. */
  reviewed: Set<t.Node>;
}

export interface PlanOptions {
  /** Modules the run may change; a plan that needs another one is blocked. */
  editable?: (path: string) => boolean;
}

export function planProject(model: Model, options: PlanOptions = {}): ProjectPlan {
  const changes = new Map<SourceModule, ModuleChanges>();
  const changesOf = (module: SourceModule) => {
    let found = changes.get(module);
    if (!found) changes.set(module, (found = new ModuleChanges(module)));
    return found;
  };
  const findings = new Map<SourceModule, Finding[]>();
  const report = (module: SourceModule, finding: Finding) => {
    const list = findings.get(module) ?? [];
    if (!list.some((known) => known.line === finding.line && known.rule === finding.rule && known.message === finding.message)) list.push(finding);
    findings.set(module, list);
  };
  const plan: ProjectPlan = { changes, findings, groups: [], reviewed: new Set() };

  const uses = model.sites.flatMap((site) => sharedUses(model, site)).filter((use) => !ignored(use));
  for (const group of groupByInstance(model, uses, options.editable ?? (() => true))) {
    const tx = new Transaction(changesOf);
    const ctx = new PlanContext(model, tx, options.editable);
    planGroup(ctx, group);
    if (tx.blocked) {
      for (const blocker of tx.blockers) {
        const statement = statementOf(blocker.at) ?? blocker.at;
        changesOf(blocker.module).mark(statement, blocker.reason);
        report(blocker.module, { rule: blocker.rule, ...lineOf(blocker.at.node), status: 'review', message: blocker.reason });
      }
      for (const use of group) plan.reviewed.add(siteNode(use.site));
      const summary = summaryOf(group);
      if (summary) report(summary.module, summary.finding);
      continue;
    }
    tx.commit();
    for (const { module, finding } of tx.fixed) report(module, finding);
    const modules = tx.modules();
    if (modules.length > 1) plan.groups.push(modules);
  }
  markUnseenExportedTransports(model, uses, changesOf, report);
  markHandedOutServers(model, uses, changesOf, report);
  return plan;
}

/**
 * A stateless transport created once and exported is shared by whoever imports it.
 * When no module the run sees uses it (its users are elsewhere, or this file is
 * rewritten alone), it is marked where it is created.
 */
function markUnseenExportedTransports(model: Model, uses: SharedUse[], changesOf: (module: SourceModule) => ModuleChanges, report: (module: SourceModule, finding: Finding) => void): void {
  const covered = new Set(uses.filter((use) => use.trace.origin.kind === 'created').map((use) => (use.trace.origin as { at: Path }).at.node));
  for (const module of model.seeds) {
    for (const statement of module.program.get('body') as unknown as Path[]) {
      const node = statement.node as AnyNode;
      if (node.type !== 'ExportNamedDeclaration' || node.declaration?.type !== 'VariableDeclaration') continue;
      for (const [index, declarator] of (node.declaration.declarations as AnyNode[]).entries()) {
        const init = declarator.init?.type === 'NewExpression' ? declarator.init : undefined;
        if (!init || covered.has(init)) continue;
        const initPath = (statement.get(`declaration.declarations.${index}.init`) as Path);
        const cls = model.classes.ofNew(initPath, module);
        if (cls?.role !== 'transport' || cls.transport !== 'http' || !isStatelessOptions(init.arguments[0])) continue;
        if (hasComment(node, IGNORE_DIRECTIVE)) continue;
        const name = declarator.id.name;
        const reason = `\`${name}\` is one stateless transport exported for the whole process, so concurrent requests share it; create a transport (and a server) per request instead`;
        changesOf(module).mark(statement, reason);
        report(module, { rule: RULES.sharedStatelessTransport, ...lineOf(declarator), status: 'review', message: reason });
      }
    }
  }
}

function planGroup(ctx: PlanContext, group: SharedUse[]): void {
  // Transports first: a transport per request brings its own server with it.
  const transports = new Map<Binding, SharedUse[]>();
  for (const use of group) {
    if (use.site.kind !== 'transport') continue;
    if (use.boundary.kind !== 'read') {
      ctx.block(use.boundary.module, use.site.use, `the transport kept on \`this.${use.boundary.name}\` serves every request; create a transport (and a server) per request or session instead`, RULES.sharedStatelessTransport);
      continue;
    }
    const list = transports.get(use.boundary.binding) ?? [];
    list.push(use);
    transports.set(use.boundary.binding, list);
  }
  for (const [binding, uses] of transports) {
    ctx.site = siteOf((uses[0] as SharedUse).site);
    planTransport(ctx, binding, uses);
  }
  for (const use of group) {
    if (use.site.kind !== 'connect' || ctx.isAbsorbed(use.boundary.ref)) continue;
    ctx.site = siteOf(use.site);
    if (use.boundary.kind === 'this-read') {
      planField(ctx, use, use.site.serverClass);
      continue;
    }
    const { binding, module } = use.boundary;
    // `const { server } = opts` in a route of a plugin registered with `{ server }`: the option becomes a factory.
    const key = optionKey(use);
    if (key) {
      optionFactory(ctx, use, key);
      continue;
    }
    const factory = factoryOfBinding(ctx, binding, module, use.site.serverClass, use.boundary.ref);
    if (factory) rewireBinding(ctx, binding, module, factory);
  }
  for (let index = 0; index < ctx.later.length; index++) (ctx.later[index] as () => void)();
  // A plan that needs a module the run does not write would land half: it is blocked at its uses.
  const readOnly = ctx.tx.modules().filter((module) => !ctx.editable(module));
  if (readOnly.length > 0 && !ctx.tx.blocked) {
    for (const use of group) {
      const site = siteOf(use.site);
      if (!ctx.editable(site.module)) continue;
      ctx.tx.block({ module: site.module, at: site.at, rule: use.site.kind === 'transport' ? RULES.sharedStatelessTransport : RULES.sharedServer, reason: `giving each connection its own server here needs changes in ${readOnly.map((module) => relative(dirname(site.module.path), module.path).split(sep).join('/')).join(', ')}, which this run does not rewrite; run mcp-isolate on the whole project` });
    }
  }
}

function siteOf(site: Site): { module: SourceModule; at: Path } {
  return { module: site.module, at: site.kind === 'connect' ? site.call : site.use };
}

/** Uses of the same instance, together: one transaction each, in source order. */
function groupByInstance(model: Model, uses: SharedUse[], editable: (path: string) => boolean): SharedUse[][] {
  const parent = new Map<object, object>();
  const find = (key: object): object => {
    const up = parent.get(key);
    if (!up || up === key) return key;
    const root = find(up);
    parent.set(key, root);
    return root;
  };
  const union = (a: object, b: object) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootB, rootA);
  };
  for (const use of uses) find(instanceKey(use));
  // Uses whose values pass through the same name (a parameter handed on to several
  // functions, a parameter handed several servers) change that name: planned together.
  const byBinding = new Map<object, object>();
  for (const use of uses) {
    const names: object[] = [use.boundary.kind === 'read' ? use.boundary.binding.identifier : use.boundary.classPath.node];
    for (const step of use.trace.steps) if (step.kind === 'read') names.push(step.binding.identifier, ...passedIn(model, step.binding, step.module, editable));
    // So do uses handed on through the same injected field (`new Channel(this.server)` in several places).
    for (const step of use.trace.steps) if (step.kind === 'field' && step.value.isTSParameterProperty()) names.push(step.value.node);
    for (const name of names) {
      const first = byBinding.get(name);
      if (first) union(first, instanceKey(use));
      else byBinding.set(name, instanceKey(use));
    }
  }
  // A shared transport and the server connected to it are one plan.
  for (const use of uses) {
    if (use.site.kind !== 'transport' || use.trace.origin.kind !== 'created') continue;
    const transport = use.trace.origin.at.node;
    for (const site of model.sites) {
      if (site.kind !== 'connect' || !site.transportTraces.some((trace) => trace.origin.kind === 'created' && trace.origin.at.node === transport)) continue;
      for (const trace of site.serverTraces) if (trace.origin.kind === 'created') union(instanceKey(use), trace.origin.at.node);
      const serverUse = uses.find((other) => other.site === site);
      if (serverUse) union(instanceKey(use), instanceKey(serverUse));
    }
  }
  const groups = new Map<object, SharedUse[]>();
  for (const use of uses) {
    const root = find(instanceKey(use));
    const list = groups.get(root) ?? [];
    list.push(use);
    groups.set(root, list);
  }
  return [...groups.values()];
}

/**
 * What a parameter is handed by the callers of its function, up the call chain: the
 * names passed and the instances created. A server handed down through functions is
 * one plan with every server handed to them.
 */
function passedIn(model: Model, binding: Binding, module: SourceModule, editable: (path: string) => boolean, depth = 0): object[] {
  if (binding.kind !== 'param' || depth > 8) return [];
  const fn = binding.path.parentPath as FunctionPath | null;
  const index = (fn?.node as AnyNode | undefined)?.params?.indexOf(binding.path.node);
  if (!fn || index === undefined || index < 0) return [];
  const found = callsOf({ model, editable: (candidate) => editable(candidate.path) }, fn, module);
  if ('blocker' in found) return [];
  const keys: object[] = [];
  for (const { module: caller, call } of found.calls) {
    const arg = (call.get('arguments') as unknown as Path[])[index];
    if (!arg) continue;
    for (const trace of model.flow.trace(arg, caller)) if (trace.origin.kind === 'created') keys.push(trace.origin.at.node);
    const node = bare(arg.node as AnyNode);
    const argBinding = node?.type === 'Identifier' ? arg.scope.getBinding(node.name) : undefined;
    if (argBinding) keys.push(argBinding.identifier, ...passedIn(model, argBinding, caller, editable, depth + 1));
  }
  return keys;
}

/** `// mcp-isolate-ignore` on the statement that creates the instance opts it out. */
function ignored(use: SharedUse): boolean {
  if (use.trace.origin.kind !== 'created') return false;
  const statement = statementOf(use.trace.origin.at);
  return Boolean(statement && (hasComment(statement.node, IGNORE_DIRECTIVE) || hasComment((statement.node as AnyNode).declaration, IGNORE_DIRECTIVE)));
}

function siteNode(site: Site): t.Node {
  return site.kind === 'connect' ? site.call.node : site.use.node;
}

/** The review summary at the shared instance's declaration. */
function summaryOf(group: SharedUse[]): { module: SourceModule; finding: Finding } | undefined {
  const use = group.find((candidate) => candidate.site.kind === 'connect' && candidate.trace.origin.kind === 'created') ?? group[0];
  if (!use) return undefined;
  const origin = use.trace.origin;
  const name = use.boundary.kind === 'read' ? use.boundary.binding.identifier.name : `this.${use.boundary.name}`;
  if (origin.kind !== 'created') return undefined;
  const declarator = origin.at.parentPath?.isVariableDeclarator() ? origin.at.parentPath : origin.at;
  const isServer = origin.cls.role === 'server';
  return {
    module: origin.module,
    finding: {
      rule: isServer ? RULES.sharedServer : RULES.sharedStatelessTransport,
      ...lineOf((declarator as Path).node),
      status: 'review',
      message: isServer ? `\`${name}\` is one server shared by every connection; not rewritten because of the marked uses` : `\`${name}\` is one transport shared by every request; not rewritten because of the marked uses`,
    },
  };
}
