/**
 * isolate-mcp-server: give every request, session or SSE stream its own MCP
 * server (and, for stateless HTTP, its own transport) instead of one shared
 * instance (CVE-2026-25536).
 *
 *   npx jscodeshift -t node_modules/mcp-isolate/dist/transforms/isolate-mcp-server.js --parser ts src/
 */
import type { API, FileInfo } from 'jscodeshift';
import { isolateMcpServer } from './lib/isolate.js';
import { readRelativeImport } from './lib/resolve-import.js';

export const parser = 'ts';

export default function isolateMcpServerTransform(file: FileInfo, api: API): string | undefined {
  const { source, findings } = isolateMcpServer(file.source, api.jscodeshift, {
    typescript: /\.[cm]?tsx?$/.test(file.path),
    readImport: (specifier) => readRelativeImport(file.path, specifier),
  });
  // jscodeshift's Runner provides `report`; its test utilities do not.
  for (const finding of findings) {
    if (finding.status === 'review') api.report?.(`${file.path}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`);
  }
  return source;
}
