import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

export const createServer = (config) => {
  const server = new McpServer({ name: 'weather', version: config.version });
  server.tool('forecast', async () => ({ content: [{ type: 'text', text: 'sunny' }] }));
  return server;
};

async function main() {
  const config = { version: process.env.VERSION ?? 'dev', port: Number(process.env.PORT ?? 3001) };
  const server = createServer(config);
  const transports = new Map();
  const app = express();

  app.get('/sse', async (req, res) => {
    const transport = new SSEServerTransport('/messages', res);
    transports.set(transport.sessionId, transport);
    res.on('close', () => transports.delete(transport.sessionId));
    await server.connect(transport);
  });

  app.post('/messages', express.json(), async (req, res) => {
    const transport = transports.get(String(req.query.sessionId));
    if (!transport) return res.status(404).send('unknown session');
    await transport.handlePostMessage(req, res, req.body);
  });

  app.listen(config.port);
}

main();
