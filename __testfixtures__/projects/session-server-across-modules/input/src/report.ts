import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Sends a line to the connected client's log, if any. */
export function report(target: McpServer, line: string): void {
  target.sendLoggingMessage({ level: 'info', data: line }).catch(() => undefined);
}
