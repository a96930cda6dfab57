// The v2 split packages are out of scope: their servers are built differently.
import { McpServer } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import express from 'express';

const server = new McpServer({ name: 'v2', version: '2.0.0' });
const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
await server.connect(transport);

const app = express();
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
app.listen(3000);
