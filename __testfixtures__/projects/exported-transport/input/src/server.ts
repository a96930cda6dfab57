import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export const server = new McpServer({ name: 'jobs', version: '1.4.0' });

server.registerTool('post-job', { description: 'Post a job', inputSchema: { title: z.string() } }, async ({ title }) => ({
  content: [{ type: 'text', text: `posted ${title}` }],
}));
