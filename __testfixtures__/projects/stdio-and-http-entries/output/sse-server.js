import express from "express";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { createMcpServer } from "./server-logic.js";

const app = express();

const transports = new Map();
app.get("/sse", async (req, res) => {
  const transport = new SSEServerTransport("/messages", res);
  transports.set(transport.sessionId, transport);
  res.on("close", () => transports.delete(transport.sessionId));
  const server = createMcpServer();
  await server.connect(transport);
});

app.post("/messages", async (req, res) => {
  const transport = transports.get(new URL(String(req.url), "http://localhost").searchParams.get("sessionId") ?? "");
  if (!transport) {
    res.writeHead(404).end("Unknown session");
    return;
  }
  await transport.handlePostMessage(req, res);
});

app.listen(process.env.PORT || 8081);
