import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface GreenhouseHandle {
  server: McpServer;
  close: () => Promise<void>;
}

export function openGreenhouse(app: express.Express, beds: Map<string, number>): GreenhouseHandle {
  const liveServers = new Set<McpServer>();

  function createMcpServer() {
    const server = new McpServer({ name: 'greenhouse', version: '0.4.1' });
    server.tool('moisture', { bed: z.string() }, async ({ bed }) => ({
      content: [{ type: 'text', text: `${beds.get(bed) ?? 0}%` }],
    }));

    liveServers.add(server);
    server.server.onclose = () => {
      liveServers.delete(server);
    };
    return server;
  }

  const server = createMcpServer();

  app.post('/greenhouse/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
    });
    const server = createMcpServer();
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  // mcp-isolate: the `server` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead
  return {
    server,
    close: async () => {
      await Promise.all([...liveServers].map((live) => live.close()));
    },
  };
}
