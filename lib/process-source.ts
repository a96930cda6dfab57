/*
 * Between bytes on disk and the engine: decoding (strict UTF-8, a BOM kept aside),
 * reading the modules a plan needs, and encoding the output the way the file was
 * written (its line endings, its BOM). One file on its own is a project of one
 * module: the modules it imports are read to judge them, never changed.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Finding } from './findings.js';
import { mentionsSdk } from './scan/sdk-classes.js';
import { decodeSource, encodeSource } from './text.js';
import { ModuleResolver } from './scan/resolver.js';
import { loadTsMorph } from './scan/typescript.js';

export interface SourceOutcome {
  /** New file contents, or undefined when the file stays as it is. */
  output?: string;
  findings: Finding[];
  /** Why the file could not be processed (it is left untouched). */
  error?: string;
  /** Files rewritten together carry the same group: written all or none. */
  group?: string;
}

export interface ProjectOutcome extends SourceOutcome {
  /** The bytes the plan was made from (a write checks the file still has them). */
  bytes: Buffer;
}

export interface ProjectTask {
  /** Files that mention the SDK, with their bytes. */
  seeds: ReadonlyMap<string, Buffer>;
  /** Every source file of the project (absolute paths), for finding importers. */
  sources: readonly string[];
  /** Files the run may change; by default every file it reads. */
  editable?: (path: string) => boolean;
}

const MAX_BYTES = 2 * 1024 * 1024;

// The parser and printer load only when a file actually mentions the SDK.
let engine: Promise<typeof import('./engine.js')> | undefined;

/** Rewrites one file's bytes on its own; never throws for bad input, it reports it. */
export async function processSource(path: string, bytes: Buffer): Promise<SourceOutcome> {
  const outcome = (await processProject({ seeds: new Map([[path, bytes]]), sources: [path], editable: (candidate) => candidate === path })).get(path);
  if (!outcome) return { findings: [] };
  const { bytes: _bytes, group: _group, ...rest } = outcome;
  return rest;
}

/** Rewrites the modules of one project together. */
export async function processProject(task: ProjectTask): Promise<Map<string, ProjectOutcome>> {
  const outcomes = new Map<string, ProjectOutcome>();
  const texts = new Map<string, { text: string; bom: boolean; bytes: Buffer } | null>();
  const seeds: string[] = [];
  for (const [path, bytes] of task.seeds) {
    let decoded;
    try {
      decoded = decodeSource(bytes);
    } catch (error) {
      // Only a file that could be an MCP server is worth an error; others are skipped quietly.
      if (bytes.includes('@modelcontextprotocol/sdk/server')) outcomes.set(path, { bytes, findings: [], error: (error as Error).message });
      continue;
    }
    texts.set(path, { ...decoded, bytes });
    if (mentionsSdk(decoded.text)) seeds.push(path);
  }
  if (seeds.length === 0) return outcomes;
  const read = (path: string) => {
    if (!texts.has(path)) texts.set(path, readDecoded(path));
    return texts.get(path)?.text;
  };
  engine ??= import('./engine.js');
  const { isolate } = await engine;
  let results;
  try {
    results = isolate({ seeds, files: { sources: task.sources, read }, editable: task.editable, resolver: new ModuleResolver(loadTsMorph) });
  } catch (error) {
    // A bug in the engine must not cost the run: these files are reported, left as they are.
    for (const path of seeds) {
      outcomes.set(path, { bytes: (texts.get(path) as { bytes: Buffer }).bytes, findings: [], error: `mcp-isolate could not plan this file (${firstLine(error)}); left untouched, please report this` });
    }
    return outcomes;
  }
  for (const [path, result] of results) {
    const source = texts.get(path);
    if (!source) continue;
    outcomes.set(path, {
      bytes: source.bytes,
      findings: result.findings,
      ...(result.output !== undefined ? { output: encodeSource({ text: result.output, bom: source.bom }) } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.group ? { group: result.group } : {}),
    });
  }
  return outcomes;
}

function readDecoded(path: string): { text: string; bom: boolean; bytes: Buffer } | null {
  try {
    if (statSync(path).size > MAX_BYTES) return null;
    const bytes = readFileSync(path);
    return { ...decodeSource(bytes), bytes };
  } catch {
    return null;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
