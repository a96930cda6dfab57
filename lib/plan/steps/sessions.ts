/*
 * Step: a transport per session. One stateful transport for the whole process lets
 * exactly one session initialise; it becomes a transport and a server per session,
 * kept in a map and found by the `mcp-session-id` header. A request that names a
 * session the map does not hold gets 404 `Session not found`, as the SDK answers;
 * a request without one gets a new transport, which initialises a session or is
 * closed once it has answered.
 */
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path } from '../../scan/module.js';
import { Runs } from '../../scan/runs.js';
import { lineOf, statementOf } from '../../scan/statements.js';
import { memberKey } from '../../scan/flow.js';
import { type Factory, newInstance, type PlanContext } from '../context.js';
import type { SharedTransport } from './request-transport.js';

export function transportPerSession(ctx: PlanContext, transport: SharedTransport, factory: Factory, closes: Path[]): boolean {
  const { module, name } = transport;
  const edits = ctx.tx.at(module);
  const options = transport.creation.node.arguments[0] as AnyNode;
  const plainOptions =
    options?.type === 'ObjectExpression' &&
    options.properties.every((prop: AnyNode) => (prop.type === 'ObjectProperty' || prop.type === 'ObjectMethod') && !prop.computed && !['onsessioninitialized', 'onsessionclosed'].includes(prop.key?.name ?? prop.key?.value));
  if (!plainOptions) {
    ctx.block(module, transport.statement, `\`${name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map`, RULES.statefulSingletonTransport);
    return false;
  }
  const mapName = edits.freeName([`${name}s`, 'sessionTransports', 'transportsBySession']);
  const helperName = edits.freeName([`${name}For`, 'transportForSession']);
  const { semi, quote: q, indent: i } = edits.style;
  const covered = new Set<AnyNode>();
  for (const use of transport.uses) {
    const call = use.path as Path<t.CallExpression>;
    const statement = use.bound ? undefined : statementOf(call);
    const handler = Runs.enclosing(call);
    const first = call.node.arguments[0] as AnyNode;
    if (use.bound || !statement || !handler || statement.getFunctionParent()?.node !== handler.node || !first || first.type === 'SpreadElement') {
      ctx.block(module, call, `\`${name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map`, RULES.statefulSingletonTransport);
      return false;
    }
    const list = statement.container as AnyNode[];
    if (covered.has(list)) continue;
    covered.add(list);
    const request = edits.text(first);
    const response = call.node.arguments[1] ? edits.text(call.node.arguments[1] as AnyNode) : undefined;
    const header = sessionHeader(transport, request, edits.style.typescript, q);
    const notFound = notFoundResponse(transport, request, response, q, semi);
    edits.insertBefore(statement, () =>
      edits.statements([`const ${name} = await ${helperName}(${header})${semi}`, `if (!${name}) {`, ...notFound.map((line) => `${i}${line}`), `}`].join('\n')),
    );
    // A transport that answered without starting a session (a request that was not an
    // initialisation) is not kept anywhere: it is closed, with its server.
    const awaited = (statement.node as AnyNode).type === 'ExpressionStatement' && (statement.node as AnyNode).expression.type === 'AwaitExpression';
    if (awaited) edits.insertAfter(statement, () => edits.statements(`if (!${name}.sessionId) await ${name}.close()${semi}`));
    if (!handler.node.async) edits.makeAsync(handler);
  }
  const cls = edits.text(transport.creation.node.callee);
  const local = edits.freeName(['server', 'mcpServer', 'sessionServer']);
  const mapType = edits.style.typescript ? `<string, ${cls}>` : '';
  const param = edits.style.typescript ? 'sessionId: string | undefined' : 'sessionId';
  // The declaration gives way to the map and the function that finds (or opens) a session.
  (transport.anchor.after ? edits.insertAfter.bind(edits) : edits.insertBefore.bind(edits))(transport.anchor.path, () => {
    const code = [
      `const ${mapName} = new Map${mapType}()${semi}`,
      ``,
      `/** The session's own transport (undefined for an unknown session), or a new transport and server for a client without one. */`,
      `async function ${helperName}(${param}) {`,
      `${i}if (sessionId) return ${mapName}.get(sessionId)${semi}`,
      `${i}const ${name} = new ${cls}(OPTIONS)${semi}`,
      `${i}${name}.onclose = () => {`,
      `${i}${i}if (${name}.sessionId) ${mapName}.delete(${name}.sessionId)${semi}`,
      `${i}}${semi}`,
      `${i}const ${local} = ${newInstance(factory)}${semi}`,
      `${i}await ${local}.connect(${name})${semi}`,
      `${i}return ${name}${semi}`,
      `}`,
    ].join('\n');
    const statements = edits.statements(code);
    const creation = (statements[1] as AnyNode).body.body[1];
    const added = (edits.statements(`({ onsessioninitialized: (id${edits.style.typescript ? ': string' : ''}) => { ${mapName}.set(id, ${name})${semi} } })${semi}`)[0] as AnyNode).expression.properties[0];
    creation.declarations[0].init.arguments = [module.j.objectExpression([...options.properties, added])];
    // Printed from scratch: the new options mix the user's properties and ours.
    creation.loc = null;
    creation.declarations[0].loc = null;
    creation.declarations[0].init.loc = null;
    return statements;
  });
  for (const close of closes) {
    edits.replace(close, () => (edits.statements(`Promise.all([...${mapName}.values()].map((session) => session.close()))${semi}`)[0] as AnyNode).expression);
  }
  ctx.absorb([...transport.config, ...closes]);
  ctx.tx.fixed.push({
    module,
    finding: { rule: RULES.statefulSingletonTransport, ...lineOf(transport.binding.path.node), status: 'fixed', message: `\`${name}\` was one stateful transport for the whole process; each session now gets its own transport and server` },
  });
  return true;
}

/** How the handler reads the session header, by the kind of request it has. */
function sessionHeader(transport: SharedTransport, request: string, typescript: boolean, q: string): string {
  if (transport.cls.honoContext) return `${request}.req.header(${q}mcp-session-id${q})`;
  if (transport.cls.webStandard) return `${request}.headers.get(${q}mcp-session-id${q}) ?? undefined`;
  return `${request}.headers[${q}mcp-session-id${q}]${typescript ? ' as string | undefined' : ''}`;
}

/** The SDK's answer to an unknown session: 404 with JSON-RPC error -32001 `Session not found`. */
function notFoundResponse(transport: SharedTransport, request: string, response: string | undefined, q: string, semi: string): string[] {
  const body = `{ jsonrpc: ${q}2.0${q}, error: { code: -32001, message: ${q}Session not found${q} }, id: null }`;
  if (transport.cls.honoContext) return [`return ${request}.json(${body}, 404)${semi}`];
  if (transport.cls.webStandard || !response) return [`return new Response(JSON.stringify(${body}), { status: 404, headers: { ${q}Content-Type${q}: ${q}application/json${q} } })${semi}`];
  return [`${response}.writeHead(404, { ${q}Content-Type${q}: ${q}application/json${q} }).end(JSON.stringify(${body}))${semi}`, `return${semi}`];
}

export { memberKey };
