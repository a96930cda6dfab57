/* Statements and statement lists around a path: where code can be inserted, moved or removed. */
import type { AnyNode, Path } from './module.js';

const LIST_OWNERS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase', 'TSModuleBlock']);

/** The statement holding `path` directly in a statement list (a block, a module body). */
export function statementOf(path: Path): Path | undefined {
  for (let current: Path | null = path; current; current = current.parentPath) {
    if (Array.isArray(current.container) && current.parentPath && LIST_OWNERS.has(current.parentPath.node.type) && (current.listKey === 'body' || current.listKey === 'consequent')) {
      return current;
    }
  }
  return undefined;
}

/** The statement list a statement sits in. */
export function listOf(statement: Path): AnyNode[] {
  return statement.container as AnyNode[];
}

/** The ancestor of `path` that sits directly in the list of `statement`'s siblings, if any. */
export function ancestorIn(path: Path, list: AnyNode[]): Path | undefined {
  for (let current: Path | null = path; current; current = current.parentPath) {
    if (current.container === list) return current;
  }
  return undefined;
}

export function contains(ancestor: Path | AnyNode, path: Path): boolean {
  const node = 'node' in (ancestor as object) && (ancestor as Path).parentPath !== undefined ? (ancestor as Path).node : ancestor;
  for (let current: Path | null = path; current; current = current.parentPath) if (current.node === node) return true;
  return false;
}

/**
 * The innermost statement list that holds every path, and its first statement that
 * holds one of them: where a value used by all of them is best declared.
 */
export function commonPlace(paths: Path[], within?: Path): { list: AnyNode[]; first: Path } | undefined {
  if (paths.length === 0) return undefined;
  const chains = paths.map((path) => {
    const chain: Path[] = [];
    for (let current: Path | null = path; current && current.node !== within?.node; current = current.parentPath) chain.unshift(current);
    return chain;
  });
  let best: { list: AnyNode[]; first: Path } | undefined;
  const shortest = Math.min(...chains.map((chain) => chain.length));
  for (let depth = 0; depth < shortest; depth++) {
    const candidate = chains[0]?.[depth] as Path;
    if (Array.isArray(candidate.container) && (candidate.listKey === 'body' || candidate.listKey === 'consequent') && candidate.parentPath && LIST_OWNERS.has(candidate.parentPath.node.type)) {
      // Every path passes through this list: the first statement of it that holds one.
      const list = candidate.container as AnyNode[];
      const entries = chains.map((chain) => chain[depth] as Path);
      if (entries.every((entry) => entry.container === list)) {
        const first = entries.reduce((a, b) => (list.indexOf(a.node) <= list.indexOf(b.node) ? a : b));
        best = { list, first };
      }
    }
    if (!chains.every((chain) => chain[depth]?.node === candidate.node)) break;
  }
  return best;
}

/** Strips TypeScript wrappers, parentheses, `await` and `void`. */
export function bare(node: AnyNode): AnyNode {
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

/** Whether a subtree mentions a name as an identifier (not as a property name). */
export function mentions(node: AnyNode, name: string, skipFunctions = false): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) visit(item);
      return;
    }
    if (typeof current.type !== 'string') return;
    if (current.type === 'Identifier' && current.name === name) {
      found = true;
      return;
    }
    if (skipFunctions && /Function|Method/.test(current.type)) return;
    for (const key of Object.keys(current)) {
      if (key === 'loc' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments' || key === 'tokens' || key === 'extra' || key === 'original') continue;
      if (key === 'property' && (current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression') && !current.computed) continue;
      if (key === 'key' && (current.type === 'ObjectProperty' || current.type === 'ClassProperty' || current.type === 'ClassMethod' || current.type === 'ObjectMethod') && !current.computed) continue;
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

export function lineOf(node: AnyNode): { line: number; column: number } {
  const start = node?.loc?.start;
  return { line: start?.line ?? 0, column: (start?.column ?? 0) + 1 };
}
