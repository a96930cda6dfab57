import express from 'express';

// An ordinary express app: it has a `server` and a `transport`, but no MCP SDK.
const server = { connect: async (_transport: unknown) => undefined };
const transport = { handleRequest: async (_req: unknown, _res: unknown) => undefined };

const app = express();
app.post('/mcp', async (req, res) => {
  await server.connect(transport);
  await transport.handleRequest(req, res);
});
app.listen(3000);
