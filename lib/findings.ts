/** Stable rule ids, one per kind of finding; reports and SARIF key on them. */
export const RULES = {
  sharedStatelessTransport: 'MCP-ISO-001',
  sharedServer: 'MCP-ISO-002',
  serverUsedOutsideRequest: 'MCP-ISO-003',
  unsupportedShape: 'MCP-ISO-004',
  statefulSingletonTransport: 'MCP-ISO-005',
} as const;

export type RuleId = (typeof RULES)[keyof typeof RULES];

export const RULE_TITLES: Record<RuleId, string> = {
  'MCP-ISO-001': 'A stateless transport is shared by every request',
  'MCP-ISO-002': 'One server instance is connected to many transports',
  'MCP-ISO-003': 'The shared server is used outside a request',
  'MCP-ISO-004': 'A shared server or transport in a shape the codemod cannot rewrite safely',
  'MCP-ISO-005': 'A single stateful transport can only ever hold one session',
};

export interface Finding {
  rule: RuleId;
  line: number;
  column: number;
  message: string;
  /** fixed: the rewrite removed it; review: marked in the code, a person must decide. */
  status: 'fixed' | 'review';
}

/** Every marker the codemod writes starts with this, so it can find its own markers again. */
export const MARKER_PREFIX = 'mcp-isolate:';
export const IGNORE_DIRECTIVE = 'mcp-isolate-ignore';
