import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { lookupParcel } from './parcels.js';

export const server = new McpServer({ name: 'parcels', version: '2.1.0' });

server.registerTool('where-is', { description: 'Where a parcel is now', inputSchema: { code: z.string() } }, async ({ code }) => ({
  content: [{ type: 'text', text: lookupParcel(code) }],
}));

export const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });

export const mcpRouter = express.Router();

mcpRouter.post('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});
