import express from 'express'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import { server } from './server.js'

const app = express()

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res)
  await server.connect(transport)
})

app.listen(8080)
