import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";

function createMcpServer() {
	const server = new McpServer({
		name: "tabbed",
		version: "1.0.0",
	});

	// The low-level server underneath, reached through `server.server`.
	server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
		console.error("log level", request.params.level);
		return {};
	});
	server.server.onerror = (error) => {
		console.error("[server]", error);
	};

	server.registerResource(
		"motd",
		"text://motd",
		{ mimeType: "text/plain" },
		async (uri) => ({ contents: [{ uri: uri.href, text: "hello\tworld" }] }),
	);

	return server;
}

const app = express();
app.use(express.json());
app.post("/mcp", async (req, res) => {
	const server = createMcpServer();
	const transport = new StreamableHTTPServerTransport({
		sessionIdGenerator: undefined,
		enableJsonResponse: true,
	});
	res.on("close", () => {
		transport.close();
		server.close();
	});
	await server.connect(transport);
	await transport.handleRequest(req, res, req.body);
});

async function main() {
	app.listen(3000);
}

main();
