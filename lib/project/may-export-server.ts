/** Worth parsing for an exported server: an export and a server construction, in either order. */
const EXPORTS_SERVER = /\bexport\b[\s\S]*\bnew\s+[\w$.]*Server\s*\(|\bnew\s+[\w$.]*Server\s*\([\s\S]*\bexport\b/;

/** A quick test on a module's text, before any parsing: could it export a server for other modules? */
export function mayExportServer(text: string): boolean {
  return EXPORTS_SERVER.test(text);
}

const EXPORTS_TRANSPORT = /\bexport\b[\s\S]*\bnew\s+[\w$.]*Transport\s*\(/;

export function mayExportTransport(text: string): boolean {
  return EXPORTS_TRANSPORT.test(text);
}

/** Whether the project pass has anything to look at in this module. */
export function mayShareAcrossModules(text: string): boolean {
  return mayExportServer(text) || mayExportTransport(text) || mayInjectServer(text);
}

/** `constructor(private readonly server: McpServer)`: a class that may be handed a server (see injected-classes). */
const INJECTS_SERVER = /constructor\s*\(\s*[^)]*\b(?:private|protected)\b[^)]*Server\b/;

export function mayInjectServer(text: string): boolean {
  return INJECTS_SERVER.test(text);
}
