// A factory makes the server; its one caller registers the tools on what it returns,
// and every request connects that one server to a transport of its own.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

function makeServer(name: string) {
  return new McpServer({ name, version: '0.9.0' }, { capabilities: { logging: {} } });
}

const server = makeServer('orchard');
registerWhoami(server);

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    void transport.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
