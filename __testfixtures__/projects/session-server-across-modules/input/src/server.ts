import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { report } from './report.js';
import { startWeb } from './web.js';

const planner = new McpServer({ name: 'planner', version: '3.2.1' }, { capabilities: { tools: {}, logging: {} } });

// Handlers are written against the low-level server.
const core = planner.server;

core.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{ name: 'plan', description: 'Plan a trip', inputSchema: { type: 'object' as const } }],
}));

core.setRequestHandler(CallToolRequestSchema, async (request) => {
  report(planner, `planning ${request.params.name}`);
  return { content: [{ type: 'text' as const, text: 'done' }] };
});

startWeb(planner, Number(process.env.PORT ?? 4000));
