/* Small, parser-agnostic helpers over jscodeshift/ast-types paths. */
import type { ASTPath } from 'jscodeshift';

// AST nodes are discriminated by `type` at run time; the generated ast-types
// unions are too wide to narrow usefully here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNode = any;
export type AnyPath = ASTPath<AnyNode>;

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
  'MethodDefinition',
]);

const STATEMENT_LIST_OWNERS = new Set(['Program', 'BlockStatement', 'StaticBlock']);

export function isFunction(node: AnyNode): boolean {
  return Boolean(node && FUNCTION_TYPES.has(node.type));
}

export function enclosingFunction(path: AnyPath | null | undefined): AnyPath | null {
  let current = path?.parent as AnyPath | null | undefined;
  while (current) {
    if (isFunction(current.node)) return current;
    current = current.parent as AnyPath | null | undefined;
  }
  return null;
}

/** The path of the statement that holds `path` directly inside a Program or block body. */
export function statementOf(path: AnyPath): AnyPath | null {
  let current: AnyPath | null | undefined = path;
  while (current) {
    const parentPath = current.parentPath as AnyPath | null | undefined;
    if (
      parentPath &&
      Array.isArray(parentPath.value) &&
      parentPath.name === 'body' &&
      current.parent &&
      STATEMENT_LIST_OWNERS.has((current.parent as AnyPath).node.type)
    ) {
      return current;
    }
    current = current.parent as AnyPath | null | undefined;
  }
  return null;
}

/** The statement list (array) that holds a statement path. */
export function listOf(statement: AnyPath): AnyNode[] {
  return (statement.parentPath as AnyPath).value as AnyNode[];
}

/** The ancestor of `path` that sits directly in `list`, if any. */
export function ancestorIn(path: AnyPath, list: AnyNode[]): AnyPath | null {
  let current: AnyPath | null | undefined = path;
  while (current) {
    const parentPath = current.parentPath as AnyPath | null | undefined;
    if (parentPath && parentPath.value === list) return current;
    current = current.parent as AnyPath | null | undefined;
  }
  return null;
}

export function contains(ancestor: AnyPath, path: AnyPath): boolean {
  let current: AnyPath | null | undefined = path;
  while (current) {
    if (current.node === ancestor.node) return true;
    current = current.parent as AnyPath | null | undefined;
  }
  return false;
}

/** An identifier that names a binding (not a property key or member name). */
export function isReference(path: AnyPath): boolean {
  const parent = (path.parent as AnyPath | null)?.node;
  const node = path.node;
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return parent.object === node || parent.computed;
    case 'ObjectProperty':
    case 'Property':
      return parent.value === node || parent.computed;
    case 'ClassProperty':
    case 'ClassMethod':
    case 'ObjectMethod':
    case 'MethodDefinition':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
      return parent.key !== node || parent.computed;
    case 'TSQualifiedName':
      return parent.left === node;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return false;
    case 'ExportSpecifier':
      return parent.local === node;
    default:
      return true;
  }
}

export function memberName(node: AnyNode): string | undefined {
  if (!node || (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression')) return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && (node.property.type === 'StringLiteral' || node.property.type === 'Literal') && typeof node.property.value === 'string') {
    return node.property.value;
  }
  return undefined;
}

export function unwrap(node: AnyNode): AnyNode {
  let current = node;
  while (
    current &&
    (current.type === 'TSAsExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'ParenthesizedExpression' ||
      current.type === 'AwaitExpression' ||
      (current.type === 'UnaryExpression' && current.operator === 'void'))
  ) {
    current = current.type === 'AwaitExpression' || current.type === 'UnaryExpression' ? current.argument : current.expression;
  }
  return current;
}

export function lineOf(node: AnyNode): { line: number; column: number } {
  const start = node?.loc?.start;
  return { line: start?.line ?? 0, column: (start?.column ?? 0) + 1 };
}

const NOT_CHILDREN = new Set(['loc', 'comments', 'original', 'tokens']);
const FUNCTION_LIKE = /Function|Method/;

export interface SomeNodeOptions {
  /** Do not look inside functions (nor inside `root` when it is one). */
  skipFunctions?: boolean;
  /** Children to leave out, such as the name in `a.b`. */
  skipChild?: (node: AnyNode, key: string) => boolean;
}

/**
 * Depth-first over the raw AST below `root`, in source order: true as soon as
 * `test` holds for a node. Collectors pass a test that records and returns false.
 */
export function someNode(root: AnyNode, test: (node: AnyNode) => boolean, { skipFunctions = false, skipChild }: SomeNodeOptions = {}): boolean {
  const visit = (current: AnyNode): boolean => {
    if (!current || typeof current !== 'object') return false;
    if (Array.isArray(current)) return current.some(visit);
    if (typeof current.type === 'string') {
      if (test(current)) return true;
      if (skipFunctions && FUNCTION_LIKE.test(current.type)) return false;
    }
    for (const key of Object.keys(current)) {
      if (NOT_CHILDREN.has(key) || skipChild?.(current, key)) continue;
      if (visit(current[key])) return true;
    }
    return false;
  };
  return visit(root);
}

/** True when the node or any descendant (not inside a nested function) is an `await`. */
export function hasOwnAwait(node: AnyNode): boolean {
  return someNode(node, (current) => current.type === 'AwaitExpression' || (current.type === 'ForOfStatement' && current.await), { skipFunctions: true });
}

export function hasComment(node: AnyNode, text: string): boolean {
  const comments: AnyNode[] = [...(node?.comments ?? []), ...(node?.leadingComments ?? [])];
  return comments.some((comment) => typeof comment.value === 'string' && comment.value.includes(text));
}
