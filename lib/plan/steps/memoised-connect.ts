/*
 * Step: a memoised connect goes. `let ready = null; function ensureReady() { if (!ready)
 * ready = server.connect(transport); return ready; }` with `await ensureReady()` at the
 * top of each handler is a guard that makes the shared connect happen once. Once each
 * request connects its own server to its own transport, the memo, the function that
 * fills it and the statements that await it have nothing left to do: they go. Any
 * other use of the memo or of the function keeps the shape (a blocker says so).
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { bare } from '../../scan/statements.js';
import type { PlanContext } from '../context.js';

export function removeMemoisedConnect(ctx: PlanContext, module: SourceModule, call: Path<t.CallExpression>): boolean {
  const assignment = call.parentPath as Path;
  const node = assignment?.node as AnyNode;
  if (node?.type !== 'AssignmentExpression' || !['=', '??=', '||='].includes(node.operator) || bare(node.right) !== call.node || node.left.type !== 'Identifier') return false;
  const memo = assignment.scope.getBinding(node.left.name);
  const fn = call.getFunctionParent();
  if (!memo || !fn || !emptyMemo(memo)) return false;
  // Every use of the memo is inside the function that fills it.
  if (![...memo.referencePaths, ...memo.constantViolations].every((use) => use.getFunctionParent()?.node === fn.node)) return false;
  if (!onlyFillsAndReturns(fn, memo)) return false;
  const named = namedStatement(fn);
  if (!named) return false;
  const fnBinding = named.statement.scope.getBinding(named.name);
  if (!fnBinding) return false;
  const callers: Path[] = [];
  for (const ref of fnBinding.referencePaths) {
    const statement = awaitedCallStatement(ref);
    if (!statement) return false;
    callers.push(statement);
  }
  const edits = ctx.tx.at(module);
  for (const statement of [memo.path.parentPath as Path, named.statement, ...callers]) {
    edits.remove(statement);
    ctx.absorb([statement]);
  }
  return true;
}

/** `let ready = null`, `let ready: Promise<void> | undefined`: a memo that starts empty. */
function emptyMemo(memo: Binding): boolean {
  if (memo.kind !== 'let' && memo.kind !== 'var') return false;
  const declaration = memo.path.parentPath?.node as AnyNode;
  if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return false;
  const init = bare((memo.path.node as AnyNode).init);
  return !init || init.type === 'NullLiteral' || (init.type === 'Identifier' && init.name === 'undefined');
}

/** The function holds only the fill (`if (!memo) memo = ...`, `memo ??= ...`) and `return memo` / `await memo`. */
function onlyFillsAndReturns(fn: Path, memo: Binding): boolean {
  const body = (fn.node as AnyNode).body;
  if (body?.type !== 'BlockStatement') return false;
  const name = memo.identifier.name;
  const isMemo = (value: AnyNode) => {
    const inner = bare(value);
    return inner?.type === 'Identifier' && inner.name === name;
  };
  const fills = (statement: AnyNode): boolean => {
    if (statement.type === 'ExpressionStatement') {
      const expression = bare(statement.expression);
      return expression?.type === 'AssignmentExpression' && expression.left.type === 'Identifier' && expression.left.name === name;
    }
    if (statement.type === 'BlockStatement') return statement.body.length === 1 && fills(statement.body[0]);
    if (statement.type === 'IfStatement' && !statement.alternate) {
      const test = bare(statement.test);
      const tested = test?.type === 'UnaryExpression' && test.operator === '!' ? test.argument : test?.type === 'BinaryExpression' && ['===', '=='].includes(test.operator) ? test.left : undefined;
      return Boolean(tested && isMemo(tested)) && fills(statement.consequent);
    }
    return false;
  };
  return (body.body as AnyNode[]).every((statement) => {
    if (fills(statement)) return true;
    // `return memo`, `return await memo`, `await memo` (bare() looks through the await).
    if (statement.type === 'ReturnStatement') return !statement.argument || isMemo(statement.argument);
    if (statement.type === 'ExpressionStatement') return statement.expression.type === 'AwaitExpression' && isMemo(statement.expression);
    return false;
  });
}

/** `function ensureReady() {...}` or `const ensureReady = async () => {...}`, not exported. */
function namedStatement(fn: Path): { statement: Path; name: string } | undefined {
  const node = fn.node as AnyNode;
  if (node.type === 'FunctionDeclaration' && node.id && fn.parentPath?.isProgram()) return { statement: fn, name: node.id.name };
  const declarator = fn.parentPath;
  const declaration = declarator?.parentPath;
  if (declarator?.isVariableDeclarator() && (declarator.node.id as AnyNode).type === 'Identifier' && declaration?.parentPath?.isProgram() && (declaration.node as AnyNode).declarations.length === 1) {
    return { statement: declaration, name: (declarator.node.id as AnyNode).name };
  }
  return undefined;
}

/** `await ensureReady();` or `ensureReady();` as a statement of its own. */
function awaitedCallStatement(ref: Path): Path | undefined {
  const call = ref.parentPath;
  if (!call || (call.node as AnyNode).type !== 'CallExpression' || (call.node as AnyNode).callee !== ref.node || (call.node as AnyNode).arguments.length > 0) return undefined;
  let outer = call.parentPath;
  if ((outer?.node as AnyNode)?.type === 'AwaitExpression') outer = outer?.parentPath ?? null;
  return (outer?.node as AnyNode)?.type === 'ExpressionStatement' ? (outer as Path) : undefined;
}
