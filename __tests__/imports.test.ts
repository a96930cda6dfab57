/**
 * Imported server functions are judged by the module they come from: a getter that
 * keeps one server is marked where it is connected; a real factory is trusted.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processSource } from '../lib/process-source.js';

const handler = `import express from 'express';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { getServer } from './mcp/server.js';

const app = express();
app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  const server = getServer();
  await server.connect(transport);
});
app.listen(3000);
`;

const keepingGetter = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export let instance: McpServer | null = null;

export const getServer = () => {
  if (instance) return instance;
  instance = new McpServer({ name: 'kept', version: '1.0.0' });
  return instance;
};
`;

const factory = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function getServer(): McpServer {
  const server = new McpServer({ name: 'fresh', version: '1.0.0' });
  server.tool('ping', async () => ({ content: [{ type: 'text', text: 'pong' }] }));
  return server;
}
`;

function project(serverModule: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-isolate-imports-'));
  writeFileSync(join(dir, 'http.ts'), handler);
  // `./mcp/server.js` names `./mcp/server.ts`, as TypeScript resolves it.
  const mcp = join(dir, 'mcp');
  mkdirSync(mcp);
  writeFileSync(join(mcp, 'server.ts'), serverModule);
  return join(dir, 'http.ts');
}

describe('servers from imported functions', () => {
  it('marks the connect when the imported getter keeps one server', async () => {
    const file = project(keepingGetter);
    const outcome = await processSource(file, readFileSync(file));
    expect(outcome.error).toBeUndefined();
    expect(outcome.output).toContain('// mcp-isolate: `getServer()` returns a server it keeps');
    expect(outcome.findings.map((finding) => [finding.rule, finding.status, finding.line])).toEqual([['MCP-ISO-002', 'review', 9]]);
  });

  it('leaves the file byte-identical when the imported function builds a new server per call', async () => {
    const file = project(factory);
    const outcome = await processSource(file, readFileSync(file));
    expect(outcome).toEqual({ findings: [] });
  });
});
