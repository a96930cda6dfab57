#!/usr/bin/env node
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const server = new McpServer({ name: 'files', version: '1.0.0' });
server.registerTool('read', { inputSchema: { path: z.string() } }, async ({ path }) => ({
  content: [{ type: 'text', text: `would read ${path}` }],
}));

async function main() {
  if (process.env.MCP_TRANSPORT === 'http') {
    const app = express();
    app.use(express.json());
    app.post('/mcp', async (req, res) => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    app.listen(Number(process.env.PORT ?? 3000));
  } else {
    const transport = new StdioServerTransport();
    await server.connect(transport);
    console.error('files MCP server running on stdio');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
