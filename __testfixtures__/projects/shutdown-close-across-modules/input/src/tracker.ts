import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Builds the parcel tracker with its one tool. */
export function buildTracker(region: string): McpServer {
  const tracker = new McpServer({ name: 'parcel-tracker', version: '5.0.0' });
  tracker.tool('locate', async () => ({ content: [{ type: 'text', text: `in ${region}` }] }));
  return tracker;
}
