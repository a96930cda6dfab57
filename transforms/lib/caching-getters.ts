/*
 * Caching getters (`let s; function getServer() { if (!s) s = new McpServer(...); return s; }`)
 * lose their cache, so every call builds a new server.
 */
import { type AnyNode, type AnyPath, enclosingFunction, hasComment, lineOf, listOf, unwrap } from './ast.js';
import { IGNORE_DIRECTIVE, RULES } from './findings.js';
import { type FileContext } from './file-context.js';
import { isNullish } from './patterns.js';
import { NETWORK_TRANSPORT_CLASSES, SERVER_CLASSES, type SdkClass, classOfNew } from './sdk-imports.js';

/**
 * `let s; function getServer() { if (!s) { s = new McpServer(...); ... } return s; }`
 * hands every connection the same server. Without the cache it is a builder, and
 * its callers (per request, or once, which the main pass then fixes) get fresh ones.
 */
export function dropServerCaches(ctx: FileContext, exported = false): void {
  const hasNetworkTransport = [...ctx.bindings.direct.values(), ...[...ctx.bindings.namespaces.values()].flat()].some((cls) =>
    NETWORK_TRANSPORT_CLASSES.includes(cls),
  );
  // A getter module without transports of its own: only when the project pass found
  // that the modules importing the getter connect what it returns.
  if (!hasNetworkTransport && !exported) return;
  // At any depth: a cache declared in main() beside its getter is the same bug.
  const candidates = ctx
    .paths('VariableDeclaration')
    .filter(
      (path: AnyPath) =>
        path.node.kind === 'let' &&
        path.node.declarations.length === 1 &&
        (Array.isArray((path.parentPath as AnyPath).value) || (exported && (path.parentPath as AnyPath).node.type === 'ExportNamedDeclaration')),
    );
  for (const statementPath of candidates) {
    const declarator: AnyNode = statementPath.node.declarations[0];
    const init = unwrap(declarator.init);
    if (declarator.id.type !== 'Identifier' || (init && !isNullish(init))) continue;
    dropCache(ctx, declarator.id.name, statementPath);
  }
}

export function dropCache(ctx: FileContext, cache: string, declaration: AnyPath): void {
  const declaratorPath = declaration.get('declarations', 0) as AnyPath;
  const refs = ctx.referencesTo(cache, declaratorPath);
  const getters = new Set(refs.map((ref) => enclosingFunction(ref)?.node));
  if (getters.size !== 1 || getters.has(undefined)) return;
  const getter = [...getters][0] as AnyNode;
  // The cache must outlive the getter's calls: declared outside it.
  if (getter.body?.type !== 'BlockStatement' || enclosingFunction(declaration)?.node === getter) return;
  const body: AnyNode[] = getter.body.body;
  const last = body[body.length - 1];
  if (last?.type !== 'ReturnStatement' || unwrap(last.argument)?.type !== 'Identifier' || unwrap(last.argument).name !== cache) return;

  // Either `if (!s) { s = new ...; ... }` or `if (s) return s; s = new ...;`.
  const replacement: AnyNode[] = [];
  let creation: AnyNode | undefined;
  let found = false;
  for (const node of body.slice(0, -1)) {
    if (!found && node.type === 'IfStatement' && !node.alternate && isMissingTest(node.test, cache)) {
      const inner = node.consequent.type === 'BlockStatement' ? node.consequent.body : [node.consequent];
      replacement.push(...inner);
      found = true;
      continue;
    }
    if (!found && node.type === 'IfStatement' && !node.alternate && isPresentTest(node.test, cache) && returnsName(node.consequent, cache)) {
      found = true;
      continue;
    }
    replacement.push(node);
  }
  if (!found) return;
  for (const node of replacement) {
    const expression = node.type === 'ExpressionStatement' ? unwrap(node.expression) : undefined;
    if (
      expression?.type === 'AssignmentExpression' &&
      expression.operator === '=' &&
      expression.left.type === 'Identifier' &&
      expression.left.name === cache &&
      SERVER_CLASSES.includes(classOfNew(ctx.bindings, expression.right) as SdkClass)
    ) {
      if (creation) return;
      creation = node;
    }
  }
  if (!creation) return;
  // Any other assignment (a reset on close, say) means the cache is more than a cache.
  const assignments = refs.filter((ref) => (ref.parent as AnyPath).node.type === 'AssignmentExpression' && (ref.parent as AnyPath).node.left === ref.node);
  if (assignments.length !== 1) return;
  if (hasComment(declaration.node, IGNORE_DIRECTIVE) || hasComment(getter, IGNORE_DIRECTIVE)) return;

  const expression = unwrap(creation.expression);
  const declarationNode = ctx.j.variableDeclaration('const', [ctx.j.variableDeclarator(ctx.j.identifier(cache), expression.right)]);
  declarationNode.comments = creation.comments;
  replacement[replacement.indexOf(creation)] = declarationNode;
  getter.body.body = [...replacement, last];
  // `export let cached` goes with its export statement (the project pass checked nobody imports it).
  const statement = declaration.parentPath.node.type === 'ExportNamedDeclaration' ? (declaration.parentPath as AnyPath) : declaration;
  const program = listOf(statement);
  const comments = statement.node.comments;
  program.splice(program.indexOf(statement.node), 1);
  // A comment on the cache explains the cache; it goes with it unless it documents more.
  void comments;
  const { line, column } = lineOf(statement.node);
  const getterPath = enclosingFunction(refs[0] as AnyPath);
  const holder = (getterPath?.parent as AnyPath | undefined)?.node;
  const name = getter.id?.name ?? (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : 'the getter');
  ctx.findings.push({
    rule: RULES.sharedServer,
    line,
    column,
    status: 'fixed',
    message: `\`${name}()\` cached one server in \`${cache}\` for every connection; it now builds a new server on each call`,
  });
  ctx.changed = true;
  ctx.invalidate();
}

/** `!s`, `s == null`, `s === null`, `s === undefined` */
function isMissingTest(test: AnyNode, name: string): boolean {
  const node = unwrap(test);
  if (node?.type === 'UnaryExpression' && node.operator === '!') return unwrap(node.argument)?.type === 'Identifier' && unwrap(node.argument).name === name;
  if (node?.type === 'BinaryExpression' && ['==', '==='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

/** `s`, `s != null`, `s !== null` */
function isPresentTest(test: AnyNode, name: string): boolean {
  const node = unwrap(test);
  if (node?.type === 'Identifier') return node.name === name;
  if (node?.type === 'BinaryExpression' && ['!=', '!=='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

function returnsName(statement: AnyNode, name: string): boolean {
  const node = statement.type === 'BlockStatement' && statement.body.length === 1 ? statement.body[0] : statement;
  return node.type === 'ReturnStatement' && unwrap(node.argument)?.type === 'Identifier' && unwrap(node.argument).name === name;
}
