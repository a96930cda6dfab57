// A small MCP server with the shared-instance bug of CVE-2026-25536:
// one McpServer and one stateless transport serve every HTTP request, so two
// clients whose JSON-RPC ids collide can receive each other's results.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const server = new McpServer({ name: 'notes', version: '1.0.0' });

const notes = new Map<string, string>();

// Save a note for the calling user.
server.registerTool(
  'save_note',
  {
    description: 'Save a note',
    inputSchema: { user: z.string(), text: z.string() },
  },
  async ({ user, text }) => {
    notes.set(user, text);
    return { content: [{ type: 'text', text: `saved for ${user}` }] };
  },
);

// Reading is slow (think: a remote store), so it reports progress.
server.registerTool(
  'read_note',
  { description: 'Read your note', inputSchema: { user: z.string() } },
  async ({ user }, extra) => {
    const progressToken = extra._meta?.progressToken;
    for (let step = 1; step <= 2; step++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      if (progressToken !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress: step, total: 2, message: `reading the note of ${user}` },
        });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
    return { content: [{ type: 'text', text: notes.get(user) ?? '(none)' }] };
  },
);

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});

await server.connect(transport);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`MCP server on http://localhost:${port}/mcp`));
