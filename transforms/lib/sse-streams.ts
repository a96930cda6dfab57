/*
 * A global `let transport` that every new SSE stream overwrites becomes a map by
 * session id, and each posted message finds its own stream.
 */
import {
  type AnyNode,
  type AnyPath,
  contains,
  enclosingFunction,
  listOf,
  memberName,
  statementOf,
  unwrap,
} from './ast.js';
import { RULES } from './findings.js';
import { type FileContext, type Insertion, type Unsafe } from './file-context.js';

import { classOfNew } from './sdk-imports.js';

/** `let transport; ... transport = new SSEServerTransport('/messages', res)` in a handler. */
export interface OverwrittenStream {
  name: string;
  mapName: string;
  declaration: AnyPath;
  assignment: AnyPath;
  newNode: AnyNode;
  posts: AnyPath[];
}

export function overwrittenStream(ctx: FileContext, call: AnyPath): OverwrittenStream | 'unsafe' | undefined {
  const arg = unwrap(call.node.arguments[0]);
  if (arg?.type !== 'Identifier') return undefined;
  const scope = call.scope?.lookup(arg.name);
  const binding = (scope?.getBindings()[arg.name] as AnyPath[] | undefined)?.[0];
  const declarator = binding?.parent as AnyPath | undefined;
  if (declarator?.node.type !== 'VariableDeclarator' || declarator.node.id !== binding?.node) return undefined;
  const handler = enclosingFunction(call);
  if (!handler || enclosingFunction(declarator)?.node === handler.node) return undefined;
  const declaration = statementOf(declarator);
  const assignments: AnyPath[] = [];
  const posts: AnyPath[] = [];
  let other = false;
  for (const ref of ctx.referencesTo(arg.name, declarator)) {
    const parent = (ref.parent as AnyPath).node;
    if (parent.type === 'AssignmentExpression' && parent.left === ref.node) {
      assignments.push(ref.parent as AnyPath);
      continue;
    }
    if (parent === call.node) continue;
    const call2 = (ref.parent as AnyPath).parent as AnyPath;
    if (memberName(parent) === 'handlePostMessage' && call2?.node.type === 'CallExpression' && call2.node.callee === parent) {
      posts.push(call2);
      continue;
    }
    // `transport.sessionId` and the like read the newest stream: not safe to guess.
    other = true;
  }
  const assignment = assignments[0];
  if (assignments.length !== 1 || !assignment || enclosingFunction(assignment)?.node !== handler.node) return undefined;
  if (classOfNew(ctx.bindings, assignment.node.right) !== 'SSEServerTransport') return undefined;
  if (other || !declaration || declaration.node.type !== 'VariableDeclaration' || declaration.node.declarations.length !== 1 || declarator.node.init) return 'unsafe';
  const statement = (assignment.parent as AnyPath).node.type === 'ExpressionStatement' ? (assignment.parent as AnyPath) : undefined;
  if (!statement || unwrap(assignment.node.right).arguments.length < 2) return 'unsafe';
  const mapName = ctx.freeName([`${arg.name}s`, 'streams', 'sseTransports']);
  ctx.usedNames.add(mapName);
  return { name: arg.name, mapName, declaration, assignment: statement, newNode: unwrap(assignment.node.right), posts };
}

/** Before each `transport.handlePostMessage(req, res)`: find the stream of the message's session. */
export function planStreamLookups(ctx: FileContext, stream: OverwrittenStream, insertions: Insertion[], unsafe: Unsafe[]): void {
  for (const post of stream.posts) {
    const statement = statementOf(post);
    const fn = enclosingFunction(post);
    const [req, res] = post.node.arguments;
    if (!statement || !fn || !contains(fn, statement) || !req || !res) {
      unsafe.push({ path: post, rule: RULES.sharedServer, reason: `messages for \`${stream.name}\` cannot be routed to their stream here; look the stream up by session id by hand` });
      continue;
    }
    const q = ctx.quote;
    const semi = ctx.semi;
    const lines = [
      `const ${stream.name} = ${stream.mapName}.get(new URL(String(${ctx.text(req)}.url), ${q}http://localhost${q}).searchParams.get(${q}sessionId${q}) ?? ${q}${q})${semi}`,
      `if (!${stream.name}) {`,
      `${ctx.indent}${ctx.text(res)}.writeHead(404).end(${q}Unknown session${q})${semi}`,
      `${ctx.indent}return${semi}`,
      `}`,
    ];
    insertions.push({ list: listOf(statement), before: statement.node, statements: () => ctx.parseStatements(lines.join('\n')) });
  }
}

export function applyStreamMap(ctx: FileContext, stream: OverwrittenStream): void {
  const semi = ctx.semi;
  const type = ctx.typescript ? `<string, ${ctx.text(stream.newNode.callee)}>` : '';
  const declarations = listOf(stream.declaration);
  const map = ctx.parseStatements(`const ${stream.mapName} = new Map${type}()${semi}`)[0];
  map.comments = stream.declaration.node.comments;
  // Printed from scratch: the snippet's positions do not describe the moved comments.
  map.loc = null;
  declarations.splice(declarations.indexOf(stream.declaration.node), 1, map);
  const res = ctx.text(stream.newNode.arguments[1]);
  const q = ctx.quote;
  const created = ctx.parseStatements(
    [
      `const ${stream.name} = 0${semi}`,
      `${stream.mapName}.set(${stream.name}.sessionId, ${stream.name})${semi}`,
      `${res}.on(${q}close${q}, () => ${stream.mapName}.delete(${stream.name}.sessionId))${semi}`,
    ].join('\n'),
  );
  created[0].declarations[0].init = stream.newNode;
  created[0].loc = null;
  created[0].declarations[0].loc = null;
  created[0].comments = stream.assignment.node.comments;
  const list = listOf(stream.assignment);
  list.splice(list.indexOf(stream.assignment.node), 1, ...created);
}
