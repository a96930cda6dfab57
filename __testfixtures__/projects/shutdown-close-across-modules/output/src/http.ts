import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { buildTracker } from './tracker.js';

export interface Running {
  stop(): Promise<void>;
}

/** Serves the tracker over HTTP until the caller stops it. */
export async function startHttp(region: string, port: number): Promise<Running> {
  const liveServers = new Set<{ close(): Promise<unknown> }>();

  /** Keeps a server in `liveServers` while it is open, so that shutdown can close every open one. */
  function keepLive<S extends { close(): Promise<unknown>; server: { onclose?: () => void } }>(server: S): S {
    liveServers.add(server);
    const onclose = server.server.onclose;
    server.server.onclose = () => {
      liveServers.delete(server);
      onclose?.();
    };
    return server;
  }

  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    const tracker = keepLive(buildTracker(region));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      tracker.close();
    });
    await tracker.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  const listener = app.listen(port);

  return {
    async stop() {
      listener.close();
      await Promise.all([...liveServers].map((live) => live.close()));
    },
  };
}
