import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// One audit trail for the whole process: it reports through the server it was given.
class AuditTrail {
  private target: McpServer | undefined;

  attachServer(server: McpServer): void {
    this.target = server;
  }

  async note(message: string): Promise<void> {
    if (!this.target?.isConnected()) return;
    await this.target.server.sendLoggingMessage({ level: 'info', data: message });
  }
}

export const audit = new AuditTrail();
