/*
 * Step: a map of streams. One `let transport` that every new SSE stream overwrites
 * sends each posted message to the newest client. The streams go in a map by
 * session id: the stream handler adds its own and removes it when the stream
 * closes; every other handler looks up the stream of the message's session. Reads
 * there (`if (!transport)`, `transport.sessionId !== id`) keep their meaning: they
 * now read that session's stream. A reset to `null` becomes a removal from the map.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { Runs } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { bare, commonPlace, lineOf, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import type { PlanContext } from '../context.js';
import type { SharedUse } from '../shared.js';

export function streamMap(ctx: PlanContext, binding: Binding, module: SourceModule, cls: SdkClass, uses: SharedUse[]): void {
  const name = binding.identifier.name;
  const refuse = (at: Path) => ctx.block(module, at, `\`${name}\` is one variable that every new stream overwrites, so messages reach the newest client; keep the streams in a map by session id`);
  const declarator = binding.path;
  const declaration = declarator.parentPath as Path;
  const init = bare((declarator.node as AnyNode).init);
  if (!declarator.isVariableDeclarator() || (declaration.node as AnyNode).declarations.length !== 1 || (init && init.type !== 'NullLiteral' && !(init.type === 'Identifier' && init.name === 'undefined'))) {
    return void refuse(uses[0]?.boundary.ref ?? declarator);
  }
  // The one assignment of a new stream, in the handler that opens streams.
  const creations = binding.constantViolations.filter((violation) => {
    const right = bare((violation.node as AnyNode).right);
    return right?.type === 'NewExpression';
  });
  const resets = binding.constantViolations.filter((violation) => !creations.includes(violation));
  const creation = creations[0];
  const stream = creation ? Runs.enclosing(creation) : undefined;
  const creationStatement = creation?.parentPath;
  const created = creation ? bare((creation.node as AnyNode).right) : undefined;
  if (creations.length !== 1 || !stream || !creationStatement?.isExpressionStatement() || created.arguments.length < 2 || cls.transport !== 'sse') {
    return void refuse(creation ?? uses[0]?.boundary.ref ?? declarator);
  }
  // A reset (`transport = null`) is fine inside the stream's own close handling.
  for (const reset of resets) {
    const value = bare((reset.node as AnyNode).right);
    const nullish = value?.type === 'NullLiteral' || (value?.type === 'Identifier' && value.name === 'undefined');
    if (!nullish || !reset.parentPath?.isExpressionStatement() || !reset.findParent((parent) => parent.node === stream.node)) return void refuse(reset);
  }
  const edits = ctx.tx.at(module);
  const { semi, quote: q, indent } = edits.style;
  const mapName = edits.freeName([`${name}s`, 'streams', 'sseTransports']);
  const res = edits.text(created.arguments[1]);

  // Readers elsewhere: each handler looks up its session's stream first.
  const readers = new Map<t.Node, Path[]>();
  for (const ref of binding.referencePaths) {
    if (ref.findParent((parent) => parent.node === stream.node)) continue;
    const handler = Runs.enclosing(ref);
    if (!handler) return void refuse(ref);
    const list = readers.get(handler.node) ?? [];
    list.push(ref);
    readers.set(handler.node, list);
  }
  for (const refs of readers.values()) {
    const post = refs.map((ref) => postMessageCall(ref)).find((call) => call !== undefined);
    const request = post ? edits.text((post.node as AnyNode).arguments[0]) : undefined;
    const response = post ? edits.text((post.node as AnyNode).arguments[1]) : undefined;
    const place = commonPlace(refs, Runs.enclosing(refs[0] as Path)?.get('body') as Path | undefined);
    if (!request || !response || !place) return void refuse(refs[0] as Path);
    const guarded = refs.some((ref) => isMissingTest(ref));
    edits.insertBefore(place.first, () =>
      edits.statements(
        [
          `const ${name} = ${mapName}.get(new URL(String(${request}.url), ${q}http://localhost${q}).searchParams.get(${q}sessionId${q}) ?? ${q}${q})${semi}`,
          // A guard of the handler's own keeps its answer; otherwise an unknown session gets 404.
          ...(guarded ? [] : [`if (!${name}) {`, `${indent}${response}.writeHead(404).end(${q}Unknown session${q})${semi}`, `${indent}return${semi}`, `}`]),
        ].join('\n'),
      ),
    );
  }
  edits.replace(declaration, () => {
    const type = edits.style.typescript ? `<string, ${edits.text(created.callee)}>` : '';
    const [map] = edits.statements(`const ${mapName} = new Map${type}()${semi}`) as [AnyNode];
    map.comments = (declaration.node as AnyNode).comments;
    // Printed from scratch: the snippet's positions do not describe the moved comments.
    map.loc = null;
    return map;
  });
  edits.insertBefore(creationStatement, () => {
    const lines = [`const ${name} = 0${semi}`, `${mapName}.set(${name}.sessionId, ${name})${semi}`];
    if (resets.length === 0) lines.push(`${res}.on(${q}close${q}, () => ${mapName}.delete(${name}.sessionId))${semi}`);
    const statements = edits.statements(lines.join('\n'));
    const first = statements[0] as AnyNode;
    first.declarations[0].init = created;
    first.loc = null;
    first.declarations[0].loc = null;
    first.comments = (creationStatement.node as AnyNode).comments;
    return statements;
  });
  edits.remove(creationStatement);
  for (const reset of resets) {
    edits.replace(reset.parentPath as Path, () => edits.statements(`${mapName}.delete(${name}.sessionId)${semi}`)[0]);
  }
  ctx.absorb([declaration, creationStatement, ...resets, ...binding.referencePaths]);
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.sharedServer, ...lineOf(declarator.node), status: 'fixed', message: `\`${name}\` was one variable every new SSE stream overwrote, so messages reached the newest client; streams are now kept by session id` },
  });
}

function postMessageCall(ref: Path): Path | undefined {
  const member = ref.parentPath;
  const call = member?.parentPath;
  if (member && call && memberKey(member.node as AnyNode) === 'handlePostMessage' && (call.node as AnyNode).callee === member.node) return call;
  return undefined;
}

/** `if (!transport)` */
function isMissingTest(ref: Path): boolean {
  const parent = ref.parentPath;
  return Boolean(parent?.isUnaryExpression({ operator: '!' }) && parent.parentPath?.isIfStatement() && statementOf(parent) !== undefined);
}
