import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { makeServer } from '@acme/mcp-tools';

const server = await makeServer({ region: 'eu' });
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
// mcp-isolate: `transport` is connected once here and then serves requests in other handlers, so every client shares it; create the server and transport per request or session
await server.connect(transport);

const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
app.listen(3000);
