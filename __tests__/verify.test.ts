/**
 * The self-check every rewrite passes before it is written: each check is shown to
 * catch the mistake it exists for, and to let a correct rewrite through.
 */
import { describe, expect, it } from 'vitest';
import { verifyRewrite } from '../lib/verify/index.js';

const IMPORTS = `import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
`;

const BEFORE = `${IMPORTS}
const server = new McpServer({ name: 'notes', version: '1.0.0' });
server.registerTool('read', { description: \`Reads a note.
Returns its text.\` }, async () => ({ content: [] }));

const app = express();
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
`;

const GOOD = `${IMPORTS}
function createMcpServer() {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool('read', { description: \`Reads a note.
Returns its text.\` }, async () => ({ content: [] }));
  return server;
}

const app = express();
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const server = createMcpServer();
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
`;

function check(after: string, connects = true) {
  const path = '/project/src/server.ts';
  return verifyRewrite([{ path, before: BEFORE, after }], { sources: [path], read: () => undefined }, { connects });
}

describe('the self-check of a rewrite', () => {
  it('accepts a correct rewrite', () => {
    expect(check(GOOD)).toEqual(new Map());
  });

  it('catches a template literal whose lines were re-indented', () => {
    const reindented = GOOD.replace('\nReturns its text.`', '\n  Returns its text.`');
    const problems = [...check(reindented).values()].flat();
    expect(problems.some((problem) => problem.startsWith('a string or template literal changed'))).toBe(true);
  });

  it('catches a name referenced outside its scope', () => {
    const outOfScope = GOOD.replace('  return server;\n}', '  return server;\n}\nconsole.log(transport);');
    expect([...check(outOfScope).values()].flat()).toContain('`transport` is referenced where it is not declared');
  });

  it('catches a registration that went missing', () => {
    const lost = GOOD.replace(/  server\.registerTool[^;]*;\n/, '');
    expect([...check(lost).values()].flat().some((problem) => problem.startsWith('the registration'))).toBe(true);
  });

  it('keeps a registration whose callback got a marker comment', () => {
    const before = BEFORE.replace('async () => ({ content: [] })', 'async () => {\n  audit(server);\n  return { content: [] };\n}');
    const marked = before.replace('  audit(server);', '  // mcp-isolate: the shared server `server` is used outside a request handler\n  audit(server);');
    const path = '/project/src/server.ts';
    const problems = [...verifyRewrite([{ path, before, after: marked }], { sources: [path], read: () => undefined }, { connects: false }).values()].flat();
    expect(problems.filter((problem) => problem.startsWith('the registration'))).toEqual([]);
  });

  it('catches output that does not parse', () => {
    expect([...check(GOOD.replace('return server;', 'return server;;}')).values()].flat()[0]).toMatch(/does not parse/);
  });

  it('catches a connect that still shares its server', () => {
    // The half fix: a transport per request, one server for all of them.
    expect([...check(BEFORE).values()].flat()).toContain('line 12: the server connected here is still shared by every connection');
    expect(check(BEFORE, false)).toEqual(new Map());
  });

  describe('code that moves into another module (an entry\'s registrations into the builder)', () => {
    const serverPath = '/project/src/server.ts';
    const entryPath = '/project/src/main.ts';
    const serverBefore = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export const desk = new McpServer({ name: 'desk', version: '1.0.0' });
`;
    const entryBefore = `import { desk } from './server.js';
desk.registerTool('hours', { description: \`Opening hours.
Weekdays only.\` }, async () => ({ content: [] }));
`;
    const serverAfter = (description: string) => `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export function createMcpServer() {
  const desk = new McpServer({ name: 'desk', version: '1.0.0' });
  desk.registerTool('hours', { description: ${description} }, async () => ({ content: [] }));
  return desk;
}
`;
    const verify = (serverText: string, entryText: string) =>
      verifyRewrite(
        [
          { path: serverPath, before: serverBefore, after: serverText },
          { path: entryPath, before: entryBefore, after: entryText },
        ],
        { sources: [serverPath, entryPath], read: () => undefined },
        { connects: false },
      );

    it('accepts a registration and its literal that moved unchanged', () => {
      expect(verify(serverAfter('`Opening hours.\nWeekdays only.`'), '')).toEqual(new Map());
    });

    it('catches a moved literal whose lines were re-indented, on the module it came from', () => {
      const problems = verify(serverAfter('`Opening hours.\n  Weekdays only.`'), '');
      expect([...problems.keys()]).toEqual([entryPath]);
      expect(problems.get(entryPath)?.join('\n')).toMatch(/template literal changed/);
    });

    it('catches a registration that did not arrive anywhere', () => {
      const problems = verify(serverBefore.replace('export const desk', 'export const desk'), '');
      expect(problems.get(entryPath)?.join('\n')).toMatch(/registration `\.registerTool\('hours'/);
    });
  });

  it('lets a removed guard take its literal with it', () => {
    const before = BEFORE.replace('  await server.connect(transport);', "  try { await server.connect(transport); } catch (e) { if (!String(e).includes('Already connected')) throw e; }");
    const path = '/project/src/server.ts';
    expect(verifyRewrite([{ path, before, after: GOOD }], { sources: [path], read: () => undefined })).toEqual(new Map());
  });
});
