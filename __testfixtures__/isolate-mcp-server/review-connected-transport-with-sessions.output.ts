// The function connects a transport with sessions: one for every client would need a
// map of sessions, which the rewrite does not build across a returned value.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

async function startCompass() {
  const compass = new McpServer({ name: 'compass', version: '0.1.0' });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await compass.connect(transport);
  return transport;
}

const app = express();
app.use(express.json());
const transport = await startCompass();
app.all('/mcp', async (req, res) => {
  // mcp-isolate: `transport` is one transport used by every request, connected once by `startCompass` to a server of its own; with sessions, one per session needs a map of them; create a transport (and a server) per request or session instead
  await transport.handleRequest(req, res, req.body);
});
app.listen(4000);
