/**
 * isolate-mcp-server: give every request, session or SSE stream its own MCP
 * server (and, for stateless HTTP, its own transport) instead of one shared
 * instance (CVE-2026-25536).
 *
 *   npx jscodeshift -t node_modules/mcp-isolate/dist/transforms/isolate-mcp-server.js --parser ts src/
 *
 * A thin adapter over the engine. jscodeshift hands over one file at a time, so the
 * modules it imports are read, never changed: a server shared across modules is
 * marked here. `npx mcp-isolate` rewrites those.
 */
import type { API, FileInfo } from 'jscodeshift';
import { isolateFileText } from '../lib/isolate-file.js';

export const parser = 'ts';

export default function isolateMcpServerTransform(file: FileInfo, api: API): string | undefined {
  const outcome = isolateFileText(file.path, file.source);
  if (!outcome) return undefined;
  if (outcome.error) throw new Error(outcome.error);
  // jscodeshift's Runner provides `report`; its test utilities do not.
  for (const finding of outcome.findings) {
    if (finding.status === 'review') api.report?.(`${file.path}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`);
  }
  return outcome.output;
}
