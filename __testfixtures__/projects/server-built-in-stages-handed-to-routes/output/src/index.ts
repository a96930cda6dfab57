import { createDefaultServer } from './default-server.js';
import { mountRoutes } from './routes.js';
import type { DevPlugin, DevServer, LanternOptions } from './types.js';

export type * from './types.js';

export function lantern(options: LanternOptions = {}): DevPlugin {
  const { buildServer = (dev: DevServer) => createDefaultServer(options, dev) } = options;
  const base = options.base ?? '/__lantern';

  return {
    name: 'lantern',
    async configureServer(dev) {
      const createMcp = async () => {
        let mcp = await buildServer(dev);
        mcp = (await options.extend?.(mcp, dev)) || mcp;
        return mcp;
      };
      await mountRoutes(base, createMcp, dev);

      console.log(`lantern: MCP endpoint at ${base}/sse`);
    },
  };
}
