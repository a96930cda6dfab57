// One stateful transport for the whole process: the first client initialises the
// only session there is, and every other client is refused.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-singleton', version: '1.0.0' });
registerWhoami(server);

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
await server.connect(transport);

const app = express();
app.use(express.json());
app.all('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
