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

/** True when the node or any descendant (not inside a nested function) is an `await`. */
export function hasOwnAwait(node: AnyNode): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) visit(item);
      return;
    }
    if (typeof current.type !== 'string') return;
    if (current.type === 'AwaitExpression' || (current.type === 'ForOfStatement' && current.await)) {
      found = true;
      return;
    }
    if (isFunction(current)) return;
    for (const key of Object.keys(current)) {
      if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
      visit(current[key]);
    }
  };
  visit(node);
  return found;
}

export function hasComment(node: AnyNode, text: string): boolean {
  const comments: AnyNode[] = [...(node?.comments ?? []), ...(node?.leadingComments ?? [])];
  return comments.some((comment) => typeof comment.value === 'string' && comment.value.includes(text));
}
