import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { makeServer } from '@acme/mcp-tools';

// mcp-isolate: `server` comes from `makeServer()`, which the rewrite cannot read; call it per connection if it builds a new server each time
const server = await makeServer({ region: 'eu' });
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
await server.connect(transport);

const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
app.listen(3000);
