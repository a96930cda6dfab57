import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'

const server = new McpServer({ name: 'images', version: '1.0.0' })

server.registerTool(
  'resize',
  { description: 'Resize an image', inputSchema: { url: z.string(), width: z.number() } },
  async ({ url, width }) => ({ content: [{ type: 'text', text: `${url}@${width}` }] }),
)

export default server
