import { app, server, transport } from './app.js';

// Wire the MCP server before the first request arrives.
await server.connect(transport);

export default app;
