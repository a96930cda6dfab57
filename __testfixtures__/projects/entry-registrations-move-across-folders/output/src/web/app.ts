import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpServer } from '../mcp/catalog-server.js';

export const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const catalog = createMcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    catalog.close();
  });
  await catalog.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
