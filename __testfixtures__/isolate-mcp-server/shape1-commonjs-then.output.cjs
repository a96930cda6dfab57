'use strict';

const express = require('express');
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp');
const { z } = require('zod');

function createMcpServer() {
  const mcp = new McpServer({ name: 'calc', version: '2.0.0' });

  mcp.tool('add', { a: z.number(), b: z.number() }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));

  mcp.server.onerror = (error) => console.error('[mcp]', error);

  return mcp;
}

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const mcp = createMcpServer();
  const transport = new StreamableHTTPServerTransport({});
  res.on('close', () => {
    transport.close();
    mcp.close();
  });
  await mcp.connect(transport);
  return transport.handleRequest(req, res, req.body);
});

app.listen(3000, () => console.log('ready'));
