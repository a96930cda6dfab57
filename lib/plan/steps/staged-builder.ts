/*
 * Step: a server built in stages becomes a local builder. Code that runs once may
 * build its server in several statements, each taking the last one's value:
 *
 *   let mcp = await makeServer(dev);
 *   mcp = (await options.extend?.(mcp, dev)) || mcp;
 *
 * Those statements together are the recipe for one server. They move, unchanged, into
 * an arrow declared where they stood (`const createMcp = async () => { ...; return mcp; }`),
 * so every name they read is still in scope and each call runs the whole recipe again.
 * Only when the stages are the name's only assignments, written one after another in
 * the same block, and the first stage makes a new server on each call.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { Trace } from '../../scan/flow.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, contains, lineOf } from '../../scan/statements.js';
import { awaits } from '../configuration.js';
import type { Factory, PlanContext } from '../context.js';

/** The statements of a staged build: the declaration, then each reassignment. */
export interface Stages {
  declaration: Path;
  assignments: Path[];
}

/** The stages of `binding`, when it is declared with a value and then only reassigned in the statements right after. */
export function stagesOf(binding: Binding, statement: Path): Stages | undefined {
  const declaration = statement.node as AnyNode;
  if (binding.kind !== 'let' || declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return undefined;
  if (!Array.isArray(statement.container) || !(binding.path.node as AnyNode).init) return undefined;
  const list = statement.container as AnyNode[];
  const start = list.indexOf(declaration);
  const assignments: Path[] = [];
  for (const violation of binding.constantViolations) {
    const node = violation.node as AnyNode;
    const holder = violation.parentPath;
    if (node.type !== 'AssignmentExpression' || node.operator !== '=' || holder?.node.type !== 'ExpressionStatement' || holder.container !== list) return undefined;
    assignments.push(holder as Path);
  }
  assignments.sort((a, b) => list.indexOf(a.node as AnyNode) - list.indexOf(b.node as AnyNode));
  // One after another: nothing else runs between the stages.
  for (const [offset, assignment] of assignments.entries()) if (list.indexOf(assignment.node as AnyNode) !== start + 1 + offset) return undefined;
  return assignments.length > 0 ? { declaration: statement, assignments } : undefined;
}

export function stagedBuilder(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, stages: Stages): Factory | undefined {
  const name = binding.identifier.name;
  const { declaration, assignments } = stages;
  const init = binding.path.get('init') as Path;
  const statements = [declaration, ...assignments];
  const first = describe(module, init.node as AnyNode);
  // The first stage must make a new server each time the recipe runs.
  const traces = ctx.model.flow.trace(init, module);
  if (!madeFresh(ctx, traces)) {
    return ctx.block(module, declaration, `\`${name}\` is built in stages, starting from \`${first}\`, which the rewrite cannot see build a new server on each call; build it per connection by hand`);
  }
  // A later stage hands the server to set-up code and takes back what it returns; any other value would be shared.
  for (const assignment of assignments) {
    const right = assignment.get('expression.right') as Path;
    const valueTraces = ctx.model.flow.trace(right, module);
    if (!valueTraces.every((trace) => trace.origin.kind === 'external' || trace.steps.some((step) => (step.kind === 'read' && step.binding === binding) || step.kind === 'assigned') || (trace.origin.kind === 'created' && madeFresh(ctx, [trace])))) {
      return ctx.block(module, assignment, `\`${name}\` is given a value here the rewrite cannot follow; build the server per connection by hand`);
    }
  }
  // Reads between the stages are the stages' own; every other read comes after them.
  const stray = binding.referencePaths.find((ref) => !statements.some((statement) => contains(statement, ref)) && (ref.node.start ?? 0) < (declaration.node.start ?? 0));
  if (stray) return ctx.block(module, stray, `\`${name}\` is read before its server is built; build it per connection by hand`, RULES.unsupportedShape);

  const edits = ctx.tx.at(module);
  const builderName = edits.freeName([`create${name.charAt(0).toUpperCase()}${name.slice(1)}`, 'createMcpServer', 'buildMcpServer']);
  const async = statements.some((statement) => awaits(statement.node as AnyNode));
  const list = declaration.container as AnyNode[];
  ctx.absorb(statements);
  edits.move((changes) => {
    const nodes = statements.map((statement) => statement.node as AnyNode);
    const body: AnyNode[] = [...nodes, ...changes.statements(`return ${name}${changes.style.semi}`)];
    // Written as text, so the declaration ends the way the file's statements do.
    const [builder] = changes.statements(`const ${builderName} = ${async ? 'async ' : ''}() => {}${changes.style.semi}`) as [AnyNode];
    builder.declarations[0].init.body.body = body;
    builder.comments = nodes[0]?.comments ?? null;
    if (nodes[0]) nodes[0].comments = null;
    const index = list.indexOf(nodes[0] as AnyNode);
    list.splice(index, nodes.length, builder);
    for (const node of body) changes.rehome(node, body);
    changes.rehome(builder, list);
  });
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, ...lineOf(declaration.node), status: 'fixed', message: `\`${name}\` was built once in stages and shared by every connection; those stages are now \`${builderName}()\`, run for each request or session` },
  });
  const owner = (declaration.getFunctionParent() as FunctionPath | null) ?? undefined;
  return { call: `${builderName}()`, reference: builderName, async, module, scope: owner, cls };
}

/**
 * Whether a value is a new server on each evaluation: every way it is made is a `new`
 * reached without reading a kept instance, or a factory handed in by the code's
 * callers beside a default that is one (`{ build = (dev) => createServer(dev) } =
 * options`: the default shows the option's contract).
 */
function madeFresh(ctx: PlanContext, traces: Trace[]): boolean {
  let created = false;
  for (const trace of traces) {
    if (trace.origin.kind === 'external') continue;
    if (trace.origin.kind !== 'created') return false;
    for (const step of trace.steps) if (step.kind === 'read' && ctx.model.runs.crossing(step.ref, step.binding, step.module)) return false;
    created = true;
  }
  return created;
}

function describe(module: SourceModule, node: AnyNode): string {
  const call = bare(node);
  const text = module.text_((call?.type === 'CallExpression' ? call.callee : call) as never);
  return `${text.length > 40 ? `${text.slice(0, 37)}...` : text}${call?.type === 'CallExpression' ? '()' : ''}`;
}
