/*
 * Step: configuration done later moves into the builder. Code that runs once may
 * register tools on the shared server after making it (`registerTools(server)` in
 * `main()`, after handing the server to the HTTP set-up). Each new server needs that
 * set-up too, so the statement moves to the end of the builder, when everything it
 * names is visible there and nothing it does waits.
 */
import type { Binding } from '@babel/traverse';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { statementOf, contains } from '../../scan/statements.js';
import { awaits, configures } from '../configuration.js';
import type { Factory, PlanContext } from '../context.js';

export function moveLateConfiguration(ctx: PlanContext, module: SourceModule, read: Path, binding: Binding, factory: Factory): boolean {
  const builder = factory.builder;
  if (!builder || factory.module !== module) return false;
  const name = binding.identifier.name;
  const statement = statementOf(read);
  if (!statement || !Array.isArray(statement.container) || !configures(statement.node, name) || awaits(statement.node)) return false;
  if (!namesVisibleAt(statement, binding, factory)) return false;
  // Every reference of the server in it is the shared one, and taken care of here.
  const refs = binding.referencePaths.filter((ref) => contains(statement, ref));
  ctx.absorb([statement]);
  const list = statement.container as AnyNode[];
  // Taken out of its list here, not through a removal: once in the builder, the node lives there.
  builder.tail.push(() => {
    const node = statement.node as AnyNode;
    const index = list.indexOf(node);
    if (index >= 0) list.splice(index, 1);
    if (builder.local !== name) for (const ref of refs) (ref.node as AnyNode).name = builder.local;
    return [node];
  });
  return true;
}

/** Whether every name the statement reads means the same inside the builder (module-level or global). */
function namesVisibleAt(statement: Path, binding: Binding, factory: Factory): boolean {
  let visible = true;
  const builderScope = factory.scope?.scope;
  statement.traverse({
    ThisExpression(path) {
      visible = false;
      path.stop();
    },
    ReferencedIdentifier(path) {
      const name = (path.node as AnyNode).name as string;
      const own = path.scope.getBinding(name);
      if (!own || own === binding) return;
      // Declared inside the statement itself (a callback's parameter).
      if (contains(statement, own.path)) return;
      if (own.scope.path.isProgram()) return;
      for (let scope = builderScope; scope; scope = scope.parent) if (scope === own.scope) return;
      visible = false;
      path.stop();
    },
  });
  return visible;
}
