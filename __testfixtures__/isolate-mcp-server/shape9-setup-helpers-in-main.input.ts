import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z, type ZodRawShape } from 'zod';

async function main(argv: string[]) {
  const apiBase = process.env.API_BASE ?? 'https://api.example.com';
  const server = new McpServer({ name: 'observability', version: '5.2.0' }, { capabilities: { tools: {} } });

  // Tools reply with text; this wrapper saves the boilerplate.
  const textTool = (name: string, description: string, shape: ZodRawShape, run: (args: any) => Promise<string>) => {
    server.registerTool(name, { description, inputSchema: shape }, async (args: any) => ({
      content: [{ type: 'text', text: await run(args) }],
    }));
  };

  const confirm = async (what: string) => {
    const answer = await server.server.elicitInput({
      message: `Run ${what}?`,
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    return answer.action === 'accept';
  };

  textTool('query', 'Run a query', { q: z.string() }, async ({ q }) => `${apiBase}/query?q=${q}`);
  textTool('purge', 'Purge a cache', { key: z.string() }, async ({ key }) => ((await confirm(`purge ${key}`)) ? 'purged' : 'kept'));

  if (argv.includes('--http')) {
    createServer(async (req, res) => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        transport.close();
        server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
    }).listen(3000);
    return;
  }
  await server.connect(new StdioServerTransport());
}

void main(process.argv.slice(2));
