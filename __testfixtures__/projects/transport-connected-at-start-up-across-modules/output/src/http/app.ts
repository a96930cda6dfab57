import express from 'express';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// `_server` is kept for a future status page.
export function createAquariumApp(createTransport: () => Promise<StreamableHTTPServerTransport>, _createServer: () => unknown) {
  const app = express();
  app.use(express.json());
  let served = 0;

  app.post('/mcp', async (req, res) => {
    served += 1;
    try {
      const transport = await createTransport();
      res.on('close', () => {
        transport.close();
      });
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      res.status(500).json({ error: String(error) });
    }
  });

  app.get('/stats', (_req, res) => {
    res.json({ served });
  });
  return app;
}
