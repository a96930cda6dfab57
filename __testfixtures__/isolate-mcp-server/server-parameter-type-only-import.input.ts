import { type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

type Handler = (request: Request) => Promise<Response>;

async function attach(assistant: McpServer, transport: WebStandardStreamableHTTPServerTransport): Promise<void> {
  try {
    await assistant.connect(transport);
  } catch (error) {
    // Already attached on an earlier request of this conversation.
    if (error instanceof Error && error.message.includes('already started')) return;
    throw error;
  }
}

export function conversationHandler(assistant: McpServer, conversations: Map<string, WebStandardStreamableHTTPServerTransport>): Handler {
  return async (request) => {
    const id = request.headers.get('mcp-session-id');
    let transport = id ? conversations.get(id) : undefined;
    if (!transport) {
      transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sessionId) => {
          conversations.set(sessionId, transport as WebStandardStreamableHTTPServerTransport);
        },
      });
    }
    await attach(assistant, transport);
    return transport.handleRequest(request);
  };
}
