export { server } from './server.js';
export const MCP_PATH = '/mcp';
