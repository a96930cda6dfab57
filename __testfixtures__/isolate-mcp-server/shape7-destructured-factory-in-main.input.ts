import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface Atlas {
  mcp: McpServer;
  region: string;
}

function assembleAtlas(region: string): Atlas {
  const mcp = new McpServer({ name: 'atlas', version: '2.1.0' });
  mcp.registerTool('lookup', { description: 'Find a place' }, async () => ({ content: [{ type: 'text', text: region }] }));
  return { mcp, region };
}

async function main(): Promise<void> {
  const region = process.env.ATLAS_REGION ?? 'eu';
  const { mcp, region: servedRegion } = assembleAtlas(region);
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    res.setHeader('x-atlas-region', servedRegion);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(3000);
}

main();
