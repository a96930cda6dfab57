import express from 'express'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'

// standard style: no semicolons, tab indentation
const server = new McpServer({
	name: 'standard',
	version: '1.0.0'
})

server.registerTool('hello', {
	description: 'Says hello'
}, async () => {
	return { content: [{ type: 'text', text: 'hello' }] }
})

const app = express()
app.use(express.json())

app.post('/mcp', async (req, res) => {
	const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
	res.on('close', () => transport.close())
	await server.connect(transport)
	await transport.handleRequest(req, res, req.body)
})

app.listen(3000)
