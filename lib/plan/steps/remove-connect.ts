/*
 * Step: the connect of a shared transport goes. Each request now connects its own
 * server to its own transport, so the start-up connect (and the guard that made a
 * per-request connect happen once) has nothing left to do. A `.then(callback)`
 * chained on it keeps the callback's body.
 */
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { bare, contains, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import type { PlanContext } from '../context.js';
import { connectGuard, flagDeclaration } from '../guards.js';
import { removeMemoisedConnect } from './memoised-connect.js';

export function removeConnect(ctx: PlanContext, module: SourceModule, call: Path<t.CallExpression>, serverName: string, transportName: string): void {
  const edits = ctx.tx.at(module);
  const guard = connectGuard(call);
  if (guard) {
    edits.remove(guard.guard);
    ctx.absorb([guard.guard]);
    for (const flag of guard.flags) {
      const declaration = flagDeclaration(flag, guard.guard, [guard.guard]);
      if (declaration) {
        edits.remove(declaration);
        ctx.absorb([declaration]);
      }
    }
    return;
  }
  const statement = statementOf(call);
  const node = statement?.node as AnyNode;
  const expression = node?.type === 'ExpressionStatement' ? bare(node.expression) : undefined;
  if (statement && expression === call.node) {
    edits.remove(statement);
    ctx.absorb([statement]);
    return;
  }
  // server.connect(transport).then(() => app.listen(3000))
  if (statement && expression?.type === 'CallExpression' && memberKey(expression.callee) === 'then' && bare(expression.callee.object) === call.node && expression.arguments.length === 1) {
    const callbackPath = thenCallback(call);
    const callback = callbackPath?.node as AnyNode | undefined;
    if (callbackPath && callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') && callback.params.length === 0 && !callback.async) {
      const why = cannotRunInPlace(callbackPath, statement);
      if (why) {
        ctx.block(module, call, `the start-up connect goes (each request connects its own server), but what it runs when connected ${why}; run it without the connect by hand`, RULES.unsupportedShape);
        return;
      }
      const body: AnyNode[] = callback.body.type === 'BlockStatement' ? callback.body.body : [Object.assign(edits.statements(`0${edits.style.semi}`)[0], { expression: callback.body })];
      // What ran once connected now runs in its place, as statements of their own when they
      // declare nothing the code around them could see (else in a block, which keeps them apart).
      const spliced = body.length === 1 || declaresNothingAround(callbackPath, statement);
      const comments = ((node.comments ?? []) as AnyNode[]).filter((comment) => comment.leading);
      const carry = (first: AnyNode | undefined) => {
        if (first && comments.length > 0) first.comments = [...comments, ...((first.comments ?? []) as AnyNode[])];
      };
      if (spliced && body.length > 0) {
        edits.insertBefore(statement, () => {
          carry(body[0]);
          return body;
        });
        edits.remove(statement);
      } else {
        edits.replace(statement, () => {
          const block = module.j.blockStatement(body);
          carry(block);
          return block;
        });
      }
      ctx.absorb([statement]);
      return;
    }
  }
  // let ready; function ensureReady() { if (!ready) ready = server.connect(transport); return ready; }
  if (removeMemoisedConnect(ctx, module, call)) return;
  ctx.block(module, call, `\`${serverName}.connect(${transportName})\` is used as a value; connect per request by hand`, RULES.unsupportedShape);
}

/** The callback of `connect(...).then(callback)`. */
function thenCallback(call: Path): Path | undefined {
  let current: Path | null = call.parentPath;
  while (current && ['TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes((current.node as AnyNode).type)) current = current.parentPath;
  const then = current?.parentPath;
  if (!then?.isCallExpression()) return undefined;
  return (then.get('arguments') as unknown as Path[])[0];
}

/**
 * Why the callback's code cannot run where the connect was: a `return` (it would return
 * from the code around it), `this` or `arguments` of a function callback, or a name
 * declared after the connect, which the callback read only once the module had run.
 */
function cannotRunInPlace(callback: Path, statement: Path): string | undefined {
  let why: string | undefined;
  const fn = callback.node as AnyNode;
  callback.traverse({
    Function(path) {
      // Its own returns; arrows keep reading the callback's `this`.
      if (!path.isArrowFunctionExpression()) path.skip();
    },
    ReturnStatement(path) {
      if (path.getFunctionParent()?.node === fn) why ??= 'returns a value to the promise chain';
    },
    ThisExpression() {
      if (fn.type === 'FunctionExpression') why ??= 'reads `this`';
    },
    Identifier(path) {
      if (!path.isReferencedIdentifier()) return;
      if (path.node.name === 'arguments' && fn.type === 'FunctionExpression') why ??= 'reads `arguments`';
      const binding = path.scope.getBinding(path.node.name);
      if (!binding || contains(callback, binding.path)) return;
      if (['let', 'const', 'module'].includes(binding.kind) || binding.path.isClassDeclaration()) {
        if ((binding.identifier.start ?? 0) > (statement.node.end ?? 0) && binding.kind !== 'module') why ??= `reads \`${path.node.name}\`, which is declared after it`;
      }
    },
  });
  return why;
}

/** Whether the callback's own declarations would meet no other name once they run in its place. */
function declaresNothingAround(callback: Path, statement: Path): boolean {
  const names = Object.keys(callback.scope.bindings);
  if (names.length === 0) return true;
  const outer = statement.scope;
  let clash = false;
  for (const name of names) if (outer.hasBinding(name)) clash = true;
  if (clash) return false;
  statement.scope.getProgramParent().path.traverse({
    Identifier(path) {
      if (names.includes(path.node.name) && !contains(callback, path)) {
        clash = true;
        path.stop();
      }
    },
  });
  return !clash;
}
