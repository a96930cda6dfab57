const express = require('express');
const sdk = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');

const server = new sdk.McpServer({ name: 'legacy', version: '0.0.1' });

for (const name of ['alpha', 'beta']) {
  server.tool(name, async () => ({ content: [{ type: 'text', text: name }] }));
}

const app = express();
app.use(express.json());

app.post('/mcp', async function (req, res) {
  try {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    res.on('close', function () {
      transport.close();
    });
  } catch (err) {
    console.error(err);
    res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
  }
});

module.exports = app;
