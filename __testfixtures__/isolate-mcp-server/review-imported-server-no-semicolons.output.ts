import express from 'express'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import { server } from './server.js'

const app = express()

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res)
  // mcp-isolate: `server` is one server imported from './server.js' and connected to every connection's transport; export a builder from that module and call it per connection
  await server.connect(transport)
})

app.listen(8080)
