import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const todos = [];

function createMcpServer() {
  const server = new McpServer({ name: "todo", version: "1.0.0" });

  server.registerTool(
    "add_todo",
    { description: "Add a todo", inputSchema: { title: z.string() } },
    async ({ title }) => {
      todos.push(title);
      return { content: [{ type: "text", text: `added ${title}` }] };
    }
  );

  server.registerPrompt(
    "summarise",
    { description: "Summarise the list" },
    () => ({ messages: [{ role: "user", content: { type: "text", text: todos.join(", ") } }] })
  );

  return server;
}

async function main() {
  const app = express();
  app.use(express.json());
  app.post("/mcp", async (req, res) => {
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(8080, () => console.log("listening on 8080"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
