// A request context around the connect: each request runs inside
// `AsyncLocalStorage.run`, with one server and one stateless transport for all.
// The tool's description and its answer are multi-line template literals whose
// indentation is part of the text.
import { AsyncLocalStorage } from 'node:async_hooks';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

const server = new McpServer({ name: 'almanac', version: '1.0.0' });

server.registerTool(
  'whoami',
  {
    description: `Answers with the caller's name.
    Lines keep their indentation:
        deeper line`,
    inputSchema: { client: z.string(), delayMs: z.number() },
  },
  async ({ client, delayMs }, extra) => {
    const progressToken = extra._meta?.progressToken;
    for (let step = 1; step <= 2; step++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (progressToken !== undefined) {
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: step, total: 2, message: `step ${step} for ${client}` } });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return {
      content: [
        {
          type: 'text',
          text: `result for ${client}
  in a scope: ${requestScope.getStore() ? 'yes' : 'no'}
      end`,
        },
      ],
    };
  },
);

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });

const app = express();
app.use(express.json());

app.post('/mcp', (req, res) =>
  requestScope.run({ requestId: String(req.headers['x-request-id'] ?? '') }, async () => {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }),
);

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
