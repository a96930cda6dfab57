import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const forecasts = new Map<string, string>([['paris', 'rain']]);

// One server for the whole process, shared by every importer.
export const server = new McpServer({ name: 'weather', version: '1.0.0' });

server.registerTool(
  'forecast',
  { description: 'Forecast for a city', inputSchema: { city: z.string() } },
  async ({ city }) => ({ content: [{ type: 'text', text: forecasts.get(city) ?? 'unknown' }] }),
);
