/*
 * Which SDK classes a module specifier and an imported name stand for. Classes are
 * recognised by where they come from, never by the name of a variable.
 */

export type SdkClassName =
  | 'McpServer'
  | 'Server'
  | 'StreamableHTTPServerTransport'
  | 'WebStandardStreamableHTTPServerTransport'
  | 'NodeStreamableHTTPServerTransport'
  | 'SSEServerTransport'
  | 'StdioServerTransport'
  /** `@hono/mcp`'s wrapper (and its forks): a web-standard streamable HTTP transport driven by Hono's context. */
  | 'StreamableHTTPTransport';

export interface SdkClass {
  name: SdkClassName;
  role: 'server' | 'transport';
  /**
   * How a transport serves clients: one request (stateless) or session at a time over
   * HTTP, one SSE stream, or one stdio connection for the whole process.
   */
  transport?: 'http' | 'sse' | 'stdio';
  /** `handleRequest(req)` returns a Response (web-standard) instead of writing to a Node response. */
  webStandard?: boolean;
  /** `handleRequest(c)` takes a Hono context. */
  honoContext?: boolean;
  /** The v2 split packages (`@modelcontextprotocol/server`, `/node`). */
  v2?: boolean;
}

const CLASSES: Record<SdkClassName, Omit<SdkClass, 'v2'>> = {
  McpServer: { name: 'McpServer', role: 'server' },
  Server: { name: 'Server', role: 'server' },
  StreamableHTTPServerTransport: { name: 'StreamableHTTPServerTransport', role: 'transport', transport: 'http' },
  WebStandardStreamableHTTPServerTransport: { name: 'WebStandardStreamableHTTPServerTransport', role: 'transport', transport: 'http', webStandard: true },
  NodeStreamableHTTPServerTransport: { name: 'NodeStreamableHTTPServerTransport', role: 'transport', transport: 'http' },
  SSEServerTransport: { name: 'SSEServerTransport', role: 'transport', transport: 'sse' },
  StdioServerTransport: { name: 'StdioServerTransport', role: 'transport', transport: 'stdio' },
  StreamableHTTPTransport: { name: 'StreamableHTTPTransport', role: 'transport', transport: 'http', webStandard: true, honoContext: true },
};

/** v1: `@modelcontextprotocol/sdk/server/<module>(.js)`, also through Deno's `npm:` specifiers with a version. */
const V1_MODULE = /^(?:npm:)?@modelcontextprotocol\/sdk(?:@[^/]+)?\/server\/(mcp|index|streamableHttp|webStandardStreamableHttp|sse|stdio)(?:\.js)?$/;
const V1_CLASSES: Record<string, SdkClassName[]> = {
  mcp: ['McpServer'],
  index: ['Server'],
  streamableHttp: ['StreamableHTTPServerTransport'],
  webStandardStreamableHttp: ['WebStandardStreamableHTTPServerTransport'],
  sse: ['SSEServerTransport'],
  stdio: ['StdioServerTransport'],
};

/** v2 split packages. */
const V2_PACKAGES: Record<string, SdkClassName[]> = {
  '@modelcontextprotocol/server': ['McpServer', 'Server', 'StdioServerTransport', 'WebStandardStreamableHTTPServerTransport'],
  '@modelcontextprotocol/node': ['NodeStreamableHTTPServerTransport', 'StreamableHTTPServerTransport', 'SSEServerTransport'],
};

/** `@hono/mcp` and forks published under other names (`@scope/hono-mcp`, `hono-mcp`). */
const HONO_WRAPPER = /^(?:npm:)?(?:@hono\/mcp|(?:@[^/]+\/)?hono-mcp)(?:@[^/]+)?$/;

/** The SDK classes a module specifier exports, by exported name. */
export function classesOfModule(specifier: string): Map<string, SdkClass> | undefined {
  const v1 = V1_MODULE.exec(specifier);
  if (v1) return table(V1_CLASSES[v1[1] as string] ?? [], false);
  const bare = specifier.replace(/^npm:/, '').replace(/^(@[^/]+\/[^/@]+|[^/@]+)@[^/]+/, '$1');
  const v2 = V2_PACKAGES[bare];
  if (v2) return table(v2, true);
  if (HONO_WRAPPER.test(specifier)) return table(['StreamableHTTPTransport'], false);
  return undefined;
}

function table(names: SdkClassName[], v2: boolean): Map<string, SdkClass> {
  return new Map(names.map((name) => [name, v2 ? { ...CLASSES[name], v2 } : CLASSES[name]]));
}

export function isServerClass(cls: SdkClass | undefined): boolean {
  return cls?.role === 'server';
}

export function isNetworkTransport(cls: SdkClass | undefined): boolean {
  return cls?.role === 'transport' && cls.transport !== 'stdio';
}

/** Text a file must contain to be worth parsing: the SDK's packages, or a wrapper of them. */
export const SDK_MARKERS: readonly string[] = ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server', '@modelcontextprotocol/node', 'hono/mcp', 'hono-mcp'];

export function mentionsSdk(source: string): boolean {
  return SDK_MARKERS.some((marker) => source.includes(marker));
}
