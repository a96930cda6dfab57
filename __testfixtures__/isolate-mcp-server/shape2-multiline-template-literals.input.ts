import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const server = new McpServer({ name: 'glossary', version: '2.0.0' });

// Descriptions and results written as multi-line templates: their lines start at
// column 0 on purpose, and moving the code must not indent them.
server.registerTool(
  'define',
  {
    description: `Looks up a term in the glossary.

Returns the definition, or a note when the term is unknown.
  - Terms are case-insensitive.
  - Abbreviations are expanded.`,
    inputSchema: { term: z.string() },
  },
  async ({ term }) => ({
    content: [
      {
        type: 'text',
        text: `Term: ${term}
Definition:
    ${term.toUpperCase()} is a placeholder.
End.`,
      },
    ],
  }),
);

server.registerPrompt('explain', { description: 'Explain a term' }, () => ({
  messages: [{ role: 'user', content: { type: 'text', text: 'Explain this term \
in plain words.' } }],
}));

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => transport.close());
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(3000);
