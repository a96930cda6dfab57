import express from 'express'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp'

function createMcpServer() {
  const server = new McpServer({ name: 'nosemi', version: '1.0.0' })
  server.registerTool('now', { description: 'time' }, async () => ({
    content: [{ type: 'text', text: Date.now().toString() }]
  }))

  return server
}

const app = express()
app.use(express.json())
app.all('/mcp', async (req, res) => {
  const server = createMcpServer()
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
  res.on('close', () => {
    transport.close()
    server.close()
  })
  await server.connect(transport)
  return void transport.handleRequest(req, res, req.body);
})

app.listen(3000)
