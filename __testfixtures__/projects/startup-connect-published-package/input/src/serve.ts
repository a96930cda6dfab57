import { server, transport, handleGlossary } from './mcp.js';

server.connect(transport).then(() => {
  Bun.serve({ port: 4400, fetch: handleGlossary });
});
