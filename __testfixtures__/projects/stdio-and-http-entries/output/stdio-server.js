import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "./server-logic.js";

const server = createMcpServer();

const transport = new StdioServerTransport();
await server.connect(transport);
