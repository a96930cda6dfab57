import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { startHttp } from './http.js';
import { buildTracker } from './tracker.js';

const region = process.env.REGION ?? 'north';

if (process.argv.includes('--stdio')) {
  await buildTracker(region).connect(new StdioServerTransport());
} else {
  const running = await startHttp(region, 7070);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      await running.stop();
      process.exit(0);
    });
  }
}
