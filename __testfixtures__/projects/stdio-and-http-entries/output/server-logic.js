import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

const orders = [{ id: 1, item: "lamp" }];

export function createMcpServer() {
  const server = new McpServer({
    name: "orders",
    version: "1.0.0",
  });

  server.tool("list-orders", "List the orders", async () => ({
    content: [{ type: "text", text: JSON.stringify(orders) }],
  }));
  return server;
}
