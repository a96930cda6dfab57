import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListPromptsRequestSchema, GetPromptRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const muse = new McpServer({ name: 'muse', version: '1.0.0' }, { capabilities: { prompts: {}, logging: {} } });

// The low-level server, for handlers McpServer has no helper for.
const lowLevel = muse.server;

lowLevel.setRequestHandler(ListPromptsRequestSchema, async () => {
  await muse.sendLoggingMessage({ level: 'debug', data: 'listing prompts' });
  return { prompts: [{ name: 'haiku' }] };
});

lowLevel.setRequestHandler(GetPromptRequestSchema, async (request) => ({
  messages: [{ role: 'user', content: { type: 'text', text: `Write a haiku about ${request.params.name}` } }],
}));

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => transport.close());
  await muse.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(3003);
