/*
 * Step: the instance start-up code keeps. A module that connects its server once at
 * start-up (stdio, in code that runs once) and per request elsewhere may also point a
 * process-wide hook at that start-up server once it is connected (`main().then(() => {
 * console.log = (line) => server.sendLoggingMessage(...) })`). Such code means the
 * start-up connection's server, which no request handler's new server can stand for.
 *
 * So the module keeps one instance, built by the builder right after it, under the old
 * name: the connects that run once use it (connected once, it is shared by nobody) and
 * so do the start-up hooks; every per-request or per-session connect builds its own.
 * The hooks stay marked for review: in a mode where nothing connects at start-up, they
 * point at a server no client is connected to.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import { lineOf, statementOf } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';
import { escapingHook } from './session-servers.js';

/**
 * Whether start-up code keeps `binding` as an instance of its own: true when every
 * read that no other step gives a meaning is a hook set in code that runs once, and a
 * connect runs once too. The instance is declared after the builder and the hooks are
 * marked; the caller leaves the once-run connects on it.
 */
export function keepStartupInstance(
  ctx: PlanContext,
  module: SourceModule,
  binding: Binding,
  factory: Factory,
  onceReads: Path[],
  connections: Array<{ context: FunctionPath | undefined; reads: Path[] }>,
): boolean {
  const builder = factory.builder;
  if (!builder || factory.async || factory.module !== module || onceReads.length === 0) return false;
  if (binding.scope.getFunctionParent() !== null || !binding.path.isVariableDeclarator()) return false;
  if (!onceReads.every((read) => hookSetOnce(ctx, module, read))) return false;
  const onceConnects = connections.filter(({ reads }) => reads.every((read) => !ctx.model.runs.repeatingScope(read, module)));
  if (onceConnects.length === 0) return false;
  const name = binding.identifier.name;
  const edits = ctx.tx.at(module);
  builder.after.push(() => edits.statements(`const ${name} = ${factory.call}${edits.style.semi}`));
  for (const read of onceReads) {
    const statement = statementOf(read) ?? read;
    const reason = `\`${escapingHook(read)}\` is pointed at \`${name}\`, the server connected once at start-up, so everything the process writes there goes to that one client; connections made per request have servers of their own and get none of it, and in a mode where nothing connects at start-up it reaches no client: decide by hand which client (if any) should get it`;
    edits.mark(statement, reason);
    ctx.tx.fixed.push({ module, finding: { rule: RULES.serverUsedOutsideRequest, ...lineOf(statement.node as AnyNode), status: 'review', message: reason } });
  }
  ctx.absorb(onceReads);
  return true;
}

/**
 * A read inside a hook (`console.log = (line) => server...`) whose assignment runs once:
 * the hook itself runs any number of times, what matters is where it is set.
 */
export function hookSetOnce(ctx: PlanContext, module: SourceModule, read: Path): boolean {
  const hook = escapingHook(read);
  // A hook on the server itself (`server.onclose = ...`) is not one of the process.
  if (!hook || hook.split('.')[0] === (read.node as AnyNode).name) return false;
  for (let current: Path | null = read.parentPath; current; current = current.parentPath) {
    if (!current.isFunction()) continue;
    let value: Path = current;
    while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
    const parent = value.parentPath;
    if (parent?.isAssignmentExpression() && (parent.node as AnyNode).right === value.node) return !ctx.model.runs.repeatingScope(parent, module);
  }
  return false;
}
