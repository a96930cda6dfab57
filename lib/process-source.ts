import type { Finding } from '../transforms/lib/findings.js';
import { mentionsSdkServer } from '../transforms/lib/sdk-imports.js';
import { parserFor } from './parsers.js';
import { readRelativeImport } from '../transforms/lib/resolve-import.js';
import { decodeSource, encodeSource, keepLineEndings } from './text.js';
import { syntaxCheck } from './syntax-check.js';
import { selfCheck } from './verify/index.js';

export interface SourceOutcome {
  /** New file contents, or undefined when the file stays as it is. */
  output?: string;
  findings: Finding[];
  /** Why the file could not be processed (it is left untouched). */
  error?: string;
}

// The parser and printer load only when a file actually mentions the SDK.
let isolateModule: Promise<typeof import('../transforms/lib/isolate.js')> | undefined;
let jscodeshiftModule: Promise<{ default: typeof import('jscodeshift') }> | undefined;

async function load() {
  isolateModule ??= import('../transforms/lib/isolate.js');
  jscodeshiftModule ??= import('jscodeshift') as Promise<{ default: typeof import('jscodeshift') }>;
  const [{ isolateMcpServer }, jscodeshift] = await Promise.all([isolateModule, jscodeshiftModule]);
  return { isolateMcpServer, jscodeshift: jscodeshift.default };
}

/** Rewrites one file's bytes; never throws for bad input, it reports it. */
export async function processSource(path: string, bytes: Buffer): Promise<SourceOutcome> {
  let decoded;
  try {
    decoded = decodeSource(bytes);
  } catch (error) {
    // Only a file that could be an MCP server is worth an error; others are skipped quietly.
    return bytes.includes('@modelcontextprotocol/sdk/server') ? { findings: [], error: (error as Error).message } : { findings: [] };
  }
  if (!mentionsSdkServer(decoded.text)) return { findings: [] };
  const { isolateMcpServer, jscodeshift } = await load();
  const j = jscodeshift.withParser(parserFor(path));
  let result;
  try {
    result = isolateMcpServer(decoded.text, j, { typescript: /\.[cm]?tsx?$/.test(path), readImport: (specifier) => readRelativeImport(path, specifier) });
  } catch (error) {
    return { findings: [], error: `could not parse: ${firstLine(error)}` };
  }
  if (result.source === undefined) return { findings: result.findings };
  try {
    // The parser alone (no recast bookkeeping) is enough to prove the output parses.
    syntaxCheck(path, result.source);
  } catch (error) {
    return { findings: result.findings, error: `the rewrite did not parse (${firstLine(error)}); file left untouched, please report this` };
  }
  const problem = selfCheck(path, decoded.text, result.source);
  if (problem) return { findings: result.findings, error: `the rewrite failed its self-check (${problem}); file left untouched, please report this` };
  return { output: encodeSource({ text: keepLineEndings(decoded.text, result.source), bom: decoded.bom }), findings: result.findings };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
