'use strict';

const express = require('express');
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp');
const { z } = require('zod');

const mcp = new McpServer({ name: 'calc', version: '2.0.0' });

mcp.tool('add', { a: z.number(), b: z.number() }, async ({ a, b }) => ({
  content: [{ type: 'text', text: String(a + b) }],
}));

mcp.server.onerror = (error) => console.error('[mcp]', error);

const transport = new StreamableHTTPServerTransport({});

const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));

mcp.connect(transport).then(() => {
  app.listen(3000, () => console.log('ready'));
});
