const express = require("express");
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { SSEServerTransport } = require("@modelcontextprotocol/sdk/server/sse.js");

const server = new McpServer({ name: "notifier", version: "1.0.0" });
server.tool("hello", async () => ({ content: [{ type: "text", text: "hello" }] }));

const app = express();
const streams = new Map();

app.get("/sse", (req, res) => {
  const transport = new SSEServerTransport("/messages", res);
  streams.set(transport.sessionId, transport);
  res.on("close", () => streams.delete(transport.sessionId));
  server.connect(transport).catch((error) => console.error("connect failed", error));
});

app.post("/messages", (req, res) => {
  const transport = streams.get(req.query.sessionId);
  if (transport) transport.handlePostMessage(req, res);
  else res.status(404).end();
});

app.listen(3000);
