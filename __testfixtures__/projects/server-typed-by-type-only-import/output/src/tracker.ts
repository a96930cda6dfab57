import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function buildTracker(): McpServer {
  const tracker = new McpServer({ name: 'parcel-tracker', version: '2.1.0' });
  tracker.tool('where-is', { parcel: z.string() }, async ({ parcel }) => ({
    content: [{ type: 'text', text: `Parcel ${parcel} is in transit` }],
  }));
  return tracker;
}
