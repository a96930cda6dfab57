// The tool every e2e server registers: it reports progress twice, then answers
// with the caller's tag. A client that sees another tag has received foreign data.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function registerWhoami(server: McpServer): void {
  server.registerTool(
    'whoami',
    { description: 'Echoes the caller after some work', inputSchema: { client: z.string(), delayMs: z.number() } },
    async ({ client, delayMs }, extra) => {
      const progressToken = extra._meta?.progressToken;
      const work = () => new Promise((resolve) => setTimeout(resolve, delayMs));
      for (let step = 1; step <= 2; step++) {
        await work();
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: step, total: 2, message: `step ${step} for ${client}` },
          });
        }
      }
      // A last bit of work, so the final report is not racing the result on the client.
      await work();
      return { content: [{ type: 'text', text: `result for ${client}` }] };
    },
  );
}
