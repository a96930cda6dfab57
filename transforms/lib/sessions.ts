/*
 * One stateful transport for the whole process becomes a transport and a server
 * per session, kept in a map and found by the `mcp-session-id` header.
 */
import { type AnyNode, contains, enclosingFunction, listOf, statementOf } from './ast.js';
import { RULES } from './findings.js';
import { type FileContext, type Insertion, type SharedTransport, type Unsafe } from './file-context.js';
import { isCoveredBy } from './patterns.js';
import { type SdkClass } from './sdk-imports.js';

/** A plain options object we can extend with `onsessioninitialized`. */
export function sessionHelperPossible(ctx: FileContext, transport: SharedTransport): boolean {
  const options = transport.newNode.arguments[0];
  if (options?.type !== 'ObjectExpression') return false;
  return options.properties.every(
    (prop: AnyNode) =>
      (prop.type === 'ObjectProperty' || prop.type === 'Property' || prop.type === 'ObjectMethod') &&
      !prop.computed &&
      !['onsessioninitialized', 'onsessionclosed'].includes(prop.key?.name ?? prop.key?.value),
  );
}

/** Plans `const transport = await transportFor(<session header>)` before each site; returns the helper's statements. */
export function planSessions(
  ctx: FileContext,
  transport: SharedTransport,
  create: string,
  insertions: Insertion[],
  unsafe: Unsafe[],
): { statements: () => AnyNode[]; mapName: string } | undefined {
  const name = transport.name;
  const mapName = ctx.freeName([`${name}s`, 'sessionTransports', 'transportsBySession']);
  const helperName = ctx.freeName([`${name}For`, 'transportForSession']);
  ctx.usedNames.add(mapName);
  ctx.usedNames.add(helperName);
  let planned = 0;
  const own: Insertion[] = [];
  for (const site of transport.sites) {
    const statement = statementOf(site);
    const fn = enclosingFunction(site);
    const first = site.node.type === 'CallExpression' ? site.node.arguments[0] : undefined;
    if (!statement || !fn || !contains(fn, statement) || !first || first.type === 'SpreadElement') {
      unsafe.push({ path: site, rule: RULES.statefulSingletonTransport, reason: `\`${name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map` });
      continue;
    }
    const header = sessionHeader(ctx, transport.cls, ctx.text(first));
    const list = listOf(statement);
    // Two sites in one block share the transport looked up before the first.
    if (isCoveredBy(site, own)) continue;
    own.push({ list, before: statement.node, statements: () => [] });
    insertions.push({ list, before: statement.node, statements: () => ctx.parseStatements(`const ${name} = await ${helperName}(${header})${ctx.semi}`) });
    if (!fn.node.async) ctx.asyncTargets.add(fn.node);
    planned++;
  }
  if (planned === 0) return undefined;
  const statements = () => {
    const semi = ctx.semi;
    const q = ctx.quote;
    const i = ctx.indent;
    const serverName = 'server';
    const local = ctx.freeName(['server', 'mcpServer', 'sessionServer']);
    void serverName;
    const cls = ctx.text(transport.newNode.callee);
    const mapType = ctx.typescript ? `<string, ${cls}>` : '';
    const param = ctx.typescript ? 'sessionId: string | undefined' : 'sessionId';
    const code = [
      `const ${mapName} = new Map${mapType}()${semi}`,
      ``,
      `/** The session's own transport, or a new transport and server for a client that is initialising. */`,
      `async function ${helperName}(${param}) {`,
      `${i}const existing = sessionId ? ${mapName}.get(sessionId) : undefined${semi}`,
      `${i}if (existing) return existing${semi}`,
      `${i}const ${name} = new ${cls}(OPTIONS)${semi}`,
      `${i}${name}.onclose = () => {`,
      `${i}${i}if (${name}.sessionId) ${mapName}.delete(${name}.sessionId)${semi}`,
      `${i}}${semi}`,
      `${i}const ${local} = ${create}${semi}`,
      `${i}await ${local}.connect(${name})${semi}`,
      `${i}return ${name}${semi}`,
      `}`,
    ].join('\n');
    void q;
    const statements = ctx.parseStatements(code);
    const helper = statements[1];
    const creation = helper.body.body[2];
    const original = transport.newNode.arguments[0];
    const added = ctx.parseStatements(`({ onsessioninitialized: (id${ctx.typescript ? ': string' : ''}) => { ${mapName}.set(id, ${name})${semi} } })${semi}`)[0].expression.properties[0];
    const options = ctx.j.objectExpression([...original.properties, added]);
    creation.declarations[0].init.arguments = [options];
    creation.loc = null;
    creation.declarations[0].loc = null;
    creation.declarations[0].init.loc = null;
    return statements;
  };
  return { statements, mapName };
}

export function sessionHeader(ctx: FileContext, cls: SdkClass, first: string): string {
  const q = ctx.quote;
  if (cls === 'StreamableHTTPTransport') return `${first}.req.header(${q}mcp-session-id${q})`;
  if (cls === 'WebStandardStreamableHTTPServerTransport') return `${first}.headers.get(${q}mcp-session-id${q}) ?? undefined`;
  return `${first}.headers[${q}mcp-session-id${q}]${ctx.typescript ? ' as string | undefined' : ''}`;
}
