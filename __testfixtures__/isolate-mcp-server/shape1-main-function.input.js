import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const server = new McpServer({ name: "todo", version: "1.0.0" });

const todos = [];

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

async function main() {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);

  const app = express();
  app.use(express.json());
  app.post("/mcp", async (req, res) => {
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(8080, () => console.log("listening on 8080"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
