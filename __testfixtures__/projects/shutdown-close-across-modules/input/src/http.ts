import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { buildTracker } from './tracker.js';

export interface Running {
  stop(): Promise<void>;
}

/** Serves the tracker over HTTP until the caller stops it. */
export async function startHttp(region: string, port: number): Promise<Running> {
  const tracker = buildTracker(region);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await tracker.connect(transport);

  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    await transport.handleRequest(req, res, req.body);
  });
  const listener = app.listen(port);

  return {
    async stop() {
      listener.close();
      await tracker.close();
    },
  };
}
