import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "./server-logic.js";

const transport = new StdioServerTransport();
const server = createMcpServer();
await server.connect(transport);
