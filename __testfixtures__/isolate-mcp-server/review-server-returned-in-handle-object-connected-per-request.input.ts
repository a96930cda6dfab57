import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface GreenhouseHandle {
  server: McpServer;
  close: () => Promise<void>;
}

export function openGreenhouse(app: express.Express, beds: Map<string, number>): GreenhouseHandle {
  const server = new McpServer({ name: 'greenhouse', version: '0.4.1' });
  server.tool('moisture', { bed: z.string() }, async ({ bed }) => ({
    content: [{ type: 'text', text: `${beds.get(bed) ?? 0}%` }],
  }));

  app.post('/greenhouse/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  return {
    server,
    close: async () => {
      await server.close();
    },
  };
}
