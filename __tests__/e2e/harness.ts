/**
 * Runs an MCP server file for real on a chosen SDK version (the npm aliases
 * `sdk-old` = 1.25.3, `sdk-new` = 1.26.0 and `sdk-latest`, the newest 1.x) and drives it with several SDK
 * `Client`s at once. Every SDK client numbers its JSON-RPC ids from 0, so their
 * ids collide: exactly the condition of CVE-2026-25536.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import ts from 'typescript';
import { Client } from 'sdk-new/client/index.js';
import { SSEClientTransport } from 'sdk-new/client/sse.js';
import { StreamableHTTPClientTransport } from 'sdk-new/client/streamableHttp.js';

export type SdkVersion = 'old' | 'new' | 'latest';

/** What one client saw. `tag` is its identity; every text it should see contains it. */
export interface ClientOutcome {
  tag: string;
  results: string[];
  progress: string[];
  errors: string[];
}

export interface Scenario {
  /** Server source (TypeScript or JavaScript) that imports `@modelcontextprotocol/sdk/server/...`. */
  source: string;
  /** File name, for the extension (`.ts`, `.mjs`, `.cjs`, ...). */
  filename: string;
  sdk: SdkVersion;
  clients: number;
  transport: 'streamable-http' | 'sse';
  /** Endpoint path: `/mcp` for streamable HTTP, `/sse` for SSE. */
  path: string;
  /** Clients connect all at once, or one after another (then work at once either way). */
  connect: 'concurrent' | 'sequential';
  /** What each client does once connected; it records what it receives in `outcome`. */
  exercise: (client: Client, outcome: ClientOutcome, timeoutMs: number) => Promise<void>;
  /**
   * How long a connect or tool call may take. A server that must work gets plenty
   * (a loaded CI machine is slow, not broken); one expected to misbehave keeps the
   * default, so a request whose response went to another client fails fast.
   */
  requestTimeoutMs?: number;
  /**
   * Runs once every client has done its work, while the server still runs: checks of
   * the server's life after the requests (closing some clients, a shutdown signal).
   * What it returns comes back in `RunResult.after`.
   */
  after?: (server: RunningServer) => Promise<Record<string, unknown>>;
}

/** The server a scenario started, for checks after the requests. */
export interface RunningServer {
  url: URL;
  child: ChildProcess;
  /** The clients that connected, in the order of their tags. */
  clients: Client[];
  output: () => string;
}

/** The default for servers expected to misbehave (their lost responses end in this timeout). */
export const FAST_TIMEOUT_MS = 4_000;
/** For servers that must serve every client: generous, so a loaded machine cannot fail the test. */
export const PATIENT_TIMEOUT_MS = 30_000;

export interface RunResult {
  outcomes: ClientOutcome[];
  serverOutput: string;
  after?: Record<string, unknown>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const WORK = join(ROOT, 'node_modules', '.cache', 'mcp-isolate-e2e');
let counter = 0;

/** Writes the server next to the repo's node_modules with its SDK imports pointed at one alias. */
function materialise(source: string, filename: string, sdk: SdkVersion): string {
  mkdirSync(WORK, { recursive: true });
  const aliased = source
    .replace(/(['"])@modelcontextprotocol\/sdk\//g, `$1sdk-${sdk}/`)
    .replace(/(['"])\.\/whoami-tool\.js\1/g, `$1./whoami-tool.mjs$1`);
  if (aliased.includes('./whoami-tool.mjs')) materialiseHelper(join(import.meta.dirname, 'servers', 'whoami-tool.ts'), join(WORK, 'whoami-tool.mjs'));
  const ext = extname(filename);
  const commonjs = ext === '.cjs' || ext === '.cts';
  const { outputText } = ts.transpileModule(aliased, {
    fileName: filename,
    compilerOptions: {
      module: commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  });
  const file = join(WORK, `server-${process.pid}-${counter++}${commonjs ? '.cjs' : '.mjs'}`);
  writeFileSync(file, outputText);
  return file;
}

/** The servers' shared tool module, transpiled beside them (it imports only types from the SDK). */
function materialiseHelper(from: string, to: string): void {
  const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), {
    fileName: from,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(to, outputText);
}

const REPORT_PORT = join(import.meta.dirname, 'report-port.mjs');

/** Waits for the server to say which port it listens on (report-port.mjs), or to exit. */
function listeningPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within 60 s:\n${output()}`)), 60_000);
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      if (typeof message?.port === 'number') resolve(message.port);
      else reject(new Error(`unexpected message from the server: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
}

export async function runScenario(scenario: Scenario): Promise<RunResult> {
  return drive(materialise(scenario.source, scenario.filename, scenario.sdk), scenario);
}

/**
 * A server of several modules: every source file of the tree transpiled into a
 * folder of its own (same relative paths, `.js`), SDK imports pointed at one alias,
 * then the entry started and driven like a single-file server.
 */
export async function runProjectScenario(scenario: Omit<Scenario, 'source' | 'filename'> & { tree: string; entry: string }): Promise<RunResult> {
  const out = join(WORK, `project-${process.pid}-${counter++}`);
  for (const file of sourceFiles(scenario.tree)) {
    const source = readFileSync(join(scenario.tree, file), 'utf8').replace(/(['"])@modelcontextprotocol\/sdk\//g, `$1sdk-${scenario.sdk}/`);
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    const target = join(out, file.replace(/\.[cm]?tsx?$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  return drive(join(out, scenario.entry.replace(/\.[cm]?tsx?$/, '.js')), scenario);
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(dir, path);
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

async function drive(file: string, scenario: Omit<Scenario, 'source' | 'filename'>): Promise<RunResult> {
  let serverOutput = '';
  const child = spawn(process.execPath, ['--import', REPORT_PORT, file], {
    cwd: WORK,
    env: { ...process.env, PORT: '0', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk) => (serverOutput += chunk));
  child.stderr?.on('data', (chunk) => (serverOutput += chunk));
  const clients: Client[] = [];
  const timeout = scenario.requestTimeoutMs ?? FAST_TIMEOUT_MS;
  try {
    const port = await listeningPort(child, () => serverOutput);
    const url = new URL(`http://127.0.0.1:${port}${scenario.path}`);
    const outcomes = Array.from({ length: scenario.clients }, (_, index) => ({ tag: `client-${index + 1}`, results: [], progress: [], errors: [] }) as ClientOutcome);
    const connected: Array<[Client, ClientOutcome]> = [];
    const connectOne = async (outcome: ClientOutcome) => {
      const client = new Client({ name: outcome.tag, version: '1.0.0' });
      clients.push(client);
      try {
        const transport = scenario.transport === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url);
        await client.connect(transport, { timeout });
        connected.push([client, outcome]);
      } catch (error) {
        outcome.errors.push(`connect: ${String((error as Error)?.message ?? error)}`);
      }
    };
    if (scenario.connect === 'concurrent') await Promise.all(outcomes.map(connectOne));
    else for (const outcome of outcomes) await connectOne(outcome);
    await Promise.all(connected.map(([client, outcome]) => scenario.exercise(client, outcome, timeout)));
    const after = scenario.after ? await scenario.after({ url, child, clients: connected.map(([client]) => client), output: () => serverOutput }) : undefined;
    return { outcomes, serverOutput, ...(after ? { after } : {}) };
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    child.kill('SIGKILL');
  }
}

/** Calls a tool with a progress callback, recording the result text and progress messages. */
export async function callRecorded(client: Client, outcome: ClientOutcome, name: string, args: Record<string, unknown>, timeoutMs = FAST_TIMEOUT_MS): Promise<void> {
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, {
      timeout: timeoutMs,
      onprogress: (progress) => outcome.progress.push(String(progress.message ?? progress.progress)),
    });
    const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
    outcome.results.push(content.map((item) => item.text ?? '').join(''));
  } catch (error) {
    outcome.errors.push(`${name}: ${String((error as Error)?.message ?? error)}`);
  }
}

/** Texts a client received that carry another client's tag: the leak. */
export function foreignData(result: RunResult): string[] {
  const tags = result.outcomes.map((outcome) => outcome.tag);
  const leaks: string[] = [];
  for (const outcome of result.outcomes) {
    for (const text of [...outcome.results, ...outcome.progress]) {
      const other = tags.find((tag) => tag !== outcome.tag && new RegExp(`\\b${tag}\\b`).test(text));
      if (other) leaks.push(`${outcome.tag} received ${JSON.stringify(text)} (belongs to ${other})`);
    }
  }
  return leaks;
}

/**
 * Every client got exactly what it asked for: `expectedResults` results and
 * `expectedProgress` progress messages, all its own, and no error.
 */
export function isolationProblems(result: RunResult, expectedResults: number, expectedProgress: number): string[] {
  const problems = foreignData(result);
  for (const outcome of result.outcomes) {
    if (outcome.errors.length > 0) problems.push(`${outcome.tag} errors: ${outcome.errors.join('; ')}`);
    if (outcome.results.length !== expectedResults) problems.push(`${outcome.tag} got ${outcome.results.length} results, expected ${expectedResults}`);
    if (outcome.progress.length !== expectedProgress) problems.push(`${outcome.tag} got ${outcome.progress.length} progress messages, expected ${expectedProgress}`);
    const own = new RegExp(`\\b${outcome.tag}\\b`);
    for (const text of [...outcome.results, ...outcome.progress]) {
      if (!own.test(text)) problems.push(`${outcome.tag} received ${JSON.stringify(text)}, which is not its own`);
    }
  }
  return problems;
}
