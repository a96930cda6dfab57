import { Router } from 'express';
import type { Request, Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerBillingTools } from '../tools/billing.js';

const server = new McpServer({ name: 'billing', version: '1.0.0' }, { capabilities: { logging: {} } });
registerBillingTools(server);

export const mcpRouter = Router();

mcpRouter.all('/', handleMcp);

async function handleMcp(req: Request, res: Response) {
  try {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('mcp request failed', error);
    if (!res.headersSent) res.status(500).end();
  }
}
