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
  // mcp-isolate: `servedRegion` comes with `mcp` from one call of `assembleAtlas()`, which is now made per connection, and it is used here, where no connection's value reaches; pass it the value of each connection by hand
  app.listen(3000, () => console.log('atlas for', servedRegion));
}

main();
