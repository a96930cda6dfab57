import express from 'express'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp'

const server = new McpServer({ name: 'nosemi', version: '1.0.0' })
server.registerTool('now', { description: 'time' }, async () => ({
  content: [{ type: 'text', text: Date.now().toString() }]
}))

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
const app = express()
app.use(express.json())
app.all('/mcp', (req, res) => void transport.handleRequest(req, res, req.body))

void server.connect(transport).then(() => app.listen(3000))
