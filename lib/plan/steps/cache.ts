/*
 * Step: a getter stops caching. `let s; function getServer() { if (!s) { s = new
 * McpServer(...); ... } return s; }` hands every caller the same server; without the
 * cache it is a builder, and each caller (once per request, or once at start-up,
 * which the rest of the plan then fixes) gets its own.
 */
import type { Binding } from '@babel/traverse';
import { IGNORE_DIRECTIVE, RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, hasComment, lineOf } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';

export function dropCache(ctx: PlanContext, cache: Binding, module: SourceModule, cls: SdkClass): Factory | undefined {
  const name = cache.identifier.name;
  const declarator = cache.path;
  const refuse = (at: Path, why: string) => ctx.block(module, at, `\`${name}\` keeps one server for every connection (${why}); build a new server for each connection`);
  const statement = declarator.parentPath as Path;
  const declaration = statement.node as AnyNode;
  if (declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.kind === 'const') return refuse(declarator, 'it is set in several places');
  const init = bare((declarator.node as AnyNode).init);
  if (init && !(init.type === 'NullLiteral' || (init.type === 'Identifier' && init.name === 'undefined'))) return refuse(declarator, 'it starts with a value');
  // `export let cached`: the export is not a use, as long as no module imports the cache itself.
  const exportRefs = cache.referencePaths.filter((ref) => ['Program', 'ExportNamedDeclaration', 'ExportSpecifier'].includes(ref.parentPath?.node.type ?? ''));
  if (exportRefs.length > 0 && importsName(ctx, module, name)) return refuse(declarator, 'other modules import it');
  const uses = [...cache.referencePaths.filter((ref) => !exportRefs.includes(ref)), ...cache.constantViolations];
  const getters = new Set(uses.map((use) => use.getFunctionParent()?.node));
  if (getters.size !== 1 || getters.has(undefined)) return refuse(declarator, 'more than one function uses it');
  const getter = uses[0]?.getFunctionParent() as FunctionPath;
  const body = (getter.node as AnyNode).body;
  if (body?.type !== 'BlockStatement') return refuse(getter, 'its getter has no block');
  const statements: AnyNode[] = body.body;
  const last = statements[statements.length - 1];
  if (last?.type !== 'ReturnStatement' || bare(last.argument)?.type !== 'Identifier' || bare(last.argument).name !== name) return refuse(getter, 'its getter does not end by returning it');
  if (hasComment(declaration, IGNORE_DIRECTIVE) || hasComment(getter.node, IGNORE_DIRECTIVE)) return undefined;
  const getterName = (getter.node as AnyNode).id?.name ?? (getter.parentPath?.isVariableDeclarator() ? (getter.parentPath.node.id as AnyNode).name : 'the getter');
  // In a module this run does not write, the getter stays as it is: its callers are told why.
  if (!ctx.editable(module)) return ctx.block(module, getter, `\`${getterName}()\` returns a server it keeps, so every connection shares it; build a new server for each connection`);

  // Either `if (!s) { s = new ...; ... }` or `if (s) return s; s = new ...;`.
  const replacement: AnyNode[] = [];
  let found = false;
  for (const node of statements.slice(0, -1)) {
    if (!found && node.type === 'IfStatement' && !node.alternate && isMissingTest(node.test, name)) {
      replacement.push(...(node.consequent.type === 'BlockStatement' ? node.consequent.body : [node.consequent]));
      found = true;
      continue;
    }
    if (!found && node.type === 'IfStatement' && !node.alternate && isPresentTest(node.test, name) && returnsName(node.consequent, name)) {
      found = true;
      continue;
    }
    replacement.push(node);
  }
  if (!found) return refuse(getter, 'the rewrite cannot see where it is filled');
  const creations = replacement.filter((node) => {
    const expression = node.type === 'ExpressionStatement' ? bare(node.expression) : undefined;
    return expression?.type === 'AssignmentExpression' && expression.operator === '=' && expression.left.type === 'Identifier' && expression.left.name === name;
  });
  if (creations.length !== 1 || cache.constantViolations.length !== 1) return refuse(getter, 'it is assigned more than once');

  const edits = ctx.tx.at(module);
  const outer = statement.parentPath?.isExportNamedDeclaration() ? (statement.parentPath as Path) : statement;
  ctx.absorb([outer, getter]);
  edits.move((changes) => {
    const creation = creations[0] as AnyNode;
    const assignment = bare(creation.expression);
    const constant = module.j.variableDeclaration('const', [module.j.variableDeclarator(module.j.identifier(name), assignment.right)]);
    (constant as AnyNode).comments = creation.comments;
    const rewritten = replacement.map((node) => (node === creation ? constant : node));
    body.body.splice(0, body.body.length, ...rewritten, last);
    for (const node of body.body) changes.rehome(node, body.body);
  });
  edits.remove(outer);
  ctx.tx.fixed.push({ module, finding: { rule: RULES.sharedServer, ...lineOf(declaration), status: 'fixed', message: `\`${getterName}()\` cached one server in \`${name}\` for every connection; it now builds a new server on each call` } });
  const owner = (getter.parentPath?.getFunctionParent() as FunctionPath | null) ?? undefined;
  return { call: `${getterName}()`, reference: getterName, async: Boolean((getter.node as AnyNode).async), module, scope: owner, cls };
}

/** `!s`, `s == null`, `s === undefined` */
function isMissingTest(test: AnyNode, name: string): boolean {
  const node = bare(test);
  if (node?.type === 'UnaryExpression' && node.operator === '!') return bare(node.argument)?.type === 'Identifier' && bare(node.argument).name === name;
  if (node?.type === 'BinaryExpression' && ['==', '==='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

/** `s`, `s != null`, `s !== null` */
function isPresentTest(test: AnyNode, name: string): boolean {
  const node = bare(test);
  if (node?.type === 'Identifier') return node.name === name;
  if (node?.type === 'BinaryExpression' && ['!=', '!=='].includes(node.operator)) return node.left.type === 'Identifier' && node.left.name === name && isNullish(node.right);
  return false;
}

function returnsName(statement: AnyNode, name: string): boolean {
  const node = statement.type === 'BlockStatement' && statement.body.length === 1 ? statement.body[0] : statement;
  return node.type === 'ReturnStatement' && bare(node.argument)?.type === 'Identifier' && bare(node.argument).name === name;
}

function isNullish(node: AnyNode): boolean {
  return node.type === 'NullLiteral' || (node.type === 'Identifier' && node.name === 'undefined');
}

function importsName(ctx: PlanContext, module: SourceModule, name: string): boolean {
  for (const importer of ctx.model.project.importersOf(module)) {
    for (const specifier of importer.pathsOf('ImportSpecifier')) {
      const node = specifier.node as AnyNode;
      if ((node.imported.name ?? node.imported.value) !== name) continue;
      if (ctx.model.project.resolve(importer, (specifier.parentPath?.node as AnyNode).source.value)?.path === module.path) return true;
    }
  }
  return false;
}
