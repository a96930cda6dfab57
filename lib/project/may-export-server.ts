/*
 * Quick tests on a module's text, before any parsing: could the project pass have
 * something to do with it? They follow the shapes the pass handles, so a server file
 * that merely exports something else is not parsed twice.
 */

/** `export const server = new McpServer(`, or a module-level server and `export { server }` / `export default server`. */
const EXPORTED_SERVER = /\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]+)?=\s*new\s+[\w$.]*Server\s*\(/;
const SERVER = /\bnew\s+[\w$.]*Server\s*\(/;
const EXPORT_LIST = /\bexport\s*\{|\bexport\s+default\s+[\w$]+\s*;?\s*$/m;

export function mayExportServer(text: string): boolean {
  return EXPORTED_SERVER.test(text) || (SERVER.test(text) && EXPORT_LIST.test(text));
}

/** `export const transport = new StreamableHTTPServerTransport(`. */
const EXPORTED_TRANSPORT = /\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]+)?=\s*new\s+[\w$.]*Transport\s*\(/;

export function mayExportTransport(text: string): boolean {
  return EXPORTED_TRANSPORT.test(text);
}

/** `constructor(private readonly server: McpServer)`: a class that may be handed a server (see injected-classes). */
const INJECTS_SERVER = /constructor\s*\(\s*[^)]*\b(?:private|protected)\b[^)]*Server\b/;

export function mayInjectServer(text: string): boolean {
  return INJECTS_SERVER.test(text);
}

/** Whether the project pass has anything to look at in this module. */
export function mayShareAcrossModules(text: string): boolean {
  return mayExportServer(text) || mayExportTransport(text) || mayInjectServer(text) || mayExportCachingGetter(text);
}

/** `export const getServer = () => { if (!cached) cached = new McpServer(...); return cached; }` in a module of its own. */
const MODULE_LET = /^(?:export\s+)?let\s+[\w$]+/m;
const EXPORTED_FUNCTION = /\bexport\s+(?:const|(?:async\s+)?function)\s+[\w$]+/;
/** `if (!cached)`, `if (cached) return cached`, `if (cached == null)`. */
const CACHE_TEST = /\bif\s*\(\s*!?\s*[\w$]+\s*(?:[!=]==?\s*(?:null|undefined)\s*)?\)/;

export function mayExportCachingGetter(text: string): boolean {
  return MODULE_LET.test(text) && EXPORTED_FUNCTION.test(text) && CACHE_TEST.test(text) && SERVER.test(text);
}
