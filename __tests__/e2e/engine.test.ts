/**
 * The engine's shapes, run for real: each server as written misbehaves with 8
 * concurrent SDK clients whose JSON-RPC ids collide (SDK 1.25.3 and 1.26.0); the
 * CLI's rewrite serves every client exactly its own results on SDK 1.26.0 and on
 * the newest 1.x, twice in a row.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from 'sdk-new/client/index.js';
import { run } from '../../lib/run.js';
import { type ClientOutcome, PATIENT_TIMEOUT_MS, type RunResult, type RunningServer, type SdkVersion, callRecorded, isolationProblems, runProjectScenario, runScenario } from './harness.js';

const SERVERS = join(import.meta.dirname, 'servers');
const CLIENTS = 8;

const whoami = async (client: Client, outcome: ClientOutcome, timeoutMs: number) => {
  await callRecorded(client, outcome, 'whoami', { client: outcome.tag, delayMs: 30 }, timeoutMs);
};

interface Case {
  name: string;
  /** A single file in servers/, or a folder with an entry. */
  file?: string;
  tree?: { folder: string; entry: string };
  transport: 'streamable-http' | 'sse';
  path: string;
  connect: 'concurrent' | 'sequential';
  exercise: (client: Client, outcome: ClientOutcome, timeoutMs: number) => Promise<void>;
  /** Checks of the rewritten server beyond isolation (exact texts). */
  exact?: (result: RunResult) => void;
  /** Checks of the rewritten server's life after the requests (see `Scenario.after`). */
  after?: (server: RunningServer) => Promise<Record<string, unknown>>;
}

/** The tool's multi-line description and answer, exactly as the source spells them. */
const ALS_DESCRIPTION = "Answers with the caller's name.\n    Lines keep their indentation:\n        deeper line";
const alsResult = (tag: string) => `result for ${tag}\n  in a scope: yes\n      end`;

const cases: Case[] = [
  {
    name: 'a connect inside AsyncLocalStorage.run, with multi-line template literals in the tool',
    file: 'engine-als-wrapper.ts',
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise: async (client, outcome, timeoutMs) => {
      const { tools } = await client.listTools(undefined, { timeout: timeoutMs });
      if (tools.find((tool) => tool.name === 'whoami')?.description !== ALS_DESCRIPTION) outcome.errors.push(`description changed: ${JSON.stringify(tools[0]?.description)}`);
      await callRecorded(client, outcome, 'whoami', { client: outcome.tag, delayMs: 30 }, timeoutMs);
    },
    exact: (result) => {
      for (const outcome of result.outcomes) expect(outcome.results).toEqual([alsResult(outcome.tag)]);
    },
  },
  {
    name: 'an SSE `let transport` read by guards and reset to null when its stream closes',
    file: 'engine-sse-nullable-transport.ts',
    transport: 'sse',
    path: '/sse',
    connect: 'sequential',
    exercise: whoami,
  },
  {
    name: 'a class with tools registered in a helper method, connecting a new session (streamable HTTP branch)',
    file: 'engine-class-helper-two-branches.ts',
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise: whoami,
  },
  {
    name: 'the same class, connecting a new SSE stream (the other branch)',
    file: 'engine-class-helper-two-branches.ts',
    transport: 'sse',
    path: '/sse',
    connect: 'sequential',
    exercise: whoami,
  },
  {
    name: 'a factory whose caller registers the tools on the server it returns',
    file: 'engine-caller-registers.ts',
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise: whoami,
  },
  {
    name: 'a server passed into a route function of another module',
    tree: { folder: 'route-function', entry: 'main.ts' },
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise: whoami,
  },
];

/** The case's sources as a user has them, in a folder of their own with the shared tool module beside them. */
function copyCase(entry: Case): { dir: string; entryFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-isolate-e2e-engine-'));
  if (entry.tree) cpSync(join(SERVERS, entry.tree.folder), dir, { recursive: true });
  else copyFileSync(join(SERVERS, entry.file as string), join(dir, basename(entry.file as string)));
  copyFileSync(join(SERVERS, 'whoami-tool.ts'), join(dir, 'whoami-tool.ts'));
  return { dir, entryFile: entry.tree ? entry.tree.entry : basename(entry.file as string) };
}

function scenario(entry: Case, dir: string, entryFile: string, sdk: SdkVersion, patient: boolean): Promise<RunResult> {
  const common = {
    sdk,
    clients: CLIENTS,
    transport: entry.transport,
    path: entry.path,
    connect: entry.connect,
    exercise: entry.exercise,
    ...(patient ? { requestTimeoutMs: PATIENT_TIMEOUT_MS } : {}),
    ...(patient && entry.after ? { after: entry.after } : {}),
  };
  // Several modules run as a transpiled tree; one file runs beside the shared tool module.
  if (entry.tree) return runProjectScenario({ ...common, tree: dir, entry: entryFile });
  return runScenario({ ...common, source: readFileSync(join(dir, entryFile), 'utf8'), filename: entryFile });
}

describe.each(cases)('$name', (entry) => {
  it('as written, misbehaves with concurrent clients on SDK 1.25.3 and on 1.26.0', async () => {
    const { dir, entryFile } = copyCase(entry);
    for (const sdk of ['old', 'new'] as const) {
      const result = await scenario(entry, dir, entryFile, sdk, false);
      expect(isolationProblems(result, 1, 2).length, `as written on ${sdk}`).toBeGreaterThan(0);
    }
  });

  it('rewritten by the CLI, every client gets exactly its own results on SDK 1.26.0 and the newest 1.x, twice in a row', async () => {
    const { dir, entryFile } = copyCase(entry);
    const rewrite = await run({ paths: [dir], cwd: dir, mode: 'write', bump: false, allowDirty: true });
    expect(rewrite.files.filter((file) => file.error)).toEqual([]);
    expect(rewrite.files.flatMap((file) => file.findings.filter((finding) => finding.status === 'review'))).toEqual([]);
    expect(rewrite.files.some((file) => file.changed)).toBe(true);
    for (const sdk of ['new', 'latest'] as const) {
      for (let round = 0; round < 2; round++) {
        const result = await scenario(entry, dir, entryFile, sdk, true);
        expect(isolationProblems(result, 1, 2), `${sdk}, round ${round + 1}:\n${result.serverOutput}`).toEqual([]);
        entry.exact?.(result);
      }
    }
  });
});

describe('a builder called once whose connected transport is handed to createApp', () => {
  const entry: Case = { name: 'builder-transport-to-app', file: 'engine-builder-transport-to-app.ts', transport: 'streamable-http', path: '/mcp', connect: 'concurrent', exercise: whoami };

  it('as written, misbehaves with concurrent clients on SDK 1.25.3 and on 1.26.0', async () => {
    const { dir, entryFile } = copyCase(entry);
    for (const sdk of ['old', 'new'] as const) {
      const result = await scenario(entry, dir, entryFile, sdk, false);
      expect(isolationProblems(result, 1, 2).length, `as written on ${sdk}`).toBeGreaterThan(0);
    }
  });

  it('rewritten by the CLI (createApp takes a function that connects a transport per request), every client gets exactly its own results on SDK 1.26.0 and the newest 1.x, twice in a row', async () => {
    const { dir, entryFile } = copyCase(entry);
    const rewrite = await run({ paths: [dir], cwd: dir, mode: 'write', bump: false, allowDirty: true });
    expect(rewrite.files.filter((file) => file.error)).toEqual([]);
    expect(rewrite.files.flatMap((file) => file.findings.filter((finding) => finding.status === 'review'))).toEqual([]);
    const after = readFileSync(join(dir, entryFile), 'utf8');
    expect(after).toContain('createApp({ mcpTransport: startMcp })');
    for (const sdk of ['new', 'latest'] as const) {
      for (let round = 0; round < 2; round++) {
        const result = await scenario(entry, dir, entryFile, sdk, true);
        expect(isolationProblems(result, 1, 2), `${sdk}, round ${round + 1}:\n${result.serverOutput}`).toEqual([]);
      }
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The beacons of the lighthouse server: how many run while every client is connected,
 * after half of the clients closed (their servers' cleanups stop theirs), and at exit
 * after a SIGINT (shutdown cleans up every live server).
 */
async function beaconsAfterRequests({ url, child, clients, output }: RunningServer): Promise<Record<string, unknown>> {
  const running = async () => ((await (await fetch(new URL('/beacons', url))).json()) as { running: number }).running;
  const whileOpen = await running();
  const closing = clients.slice(0, clients.length / 2);
  await Promise.all(closing.map((client) => client.close()));
  const expected = clients.length - closing.length;
  let afterClose = await running();
  for (let attempt = 0; attempt < 100 && afterClose !== expected; attempt++) {
    await sleep(100);
    afterClose = await running();
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const exitCode = await Promise.race([exited, sleep(15_000).then(() => 'no exit within 15 s')]);
  const atExit = /beacons running at exit: (\d+)/.exec(output())?.[1];
  return { whileOpen, afterClose, exitCode, atExit };
}

describe('`{ server, cleanup }` called once with a timer', () => {
  const entry: Case = {
    name: 'destructured-cleanup-timer',
    file: 'engine-destructured-cleanup-timer.ts',
    transport: 'sse',
    path: '/sse',
    connect: 'concurrent',
    exercise: whoami,
    after: beaconsAfterRequests,
  };

  it('as written, misbehaves with concurrent clients on SDK 1.25.3 and on 1.26.0', async () => {
    const { dir, entryFile } = copyCase(entry);
    for (const sdk of ['old', 'new'] as const) {
      const result = await scenario(entry, dir, entryFile, sdk, false);
      expect(isolationProblems(result, 1, 2).length, `as written on ${sdk}`).toBeGreaterThan(0);
    }
  });

  it('rewritten by the CLI, every client gets exactly its own results on SDK 1.26.0 and the newest 1.x, twice in a row, and every timer stops when its stream closes and at shutdown', async () => {
    const { dir, entryFile } = copyCase(entry);
    const rewrite = await run({ paths: [dir], cwd: dir, mode: 'write', bump: false, allowDirty: true });
    expect(rewrite.files.filter((file) => file.error)).toEqual([]);
    expect(rewrite.files.flatMap((file) => file.findings.filter((finding) => finding.status === 'review'))).toEqual([]);
    expect(rewrite.files.some((file) => file.changed)).toBe(true);
    for (const sdk of ['new', 'latest'] as const) {
      for (let round = 0; round < 2; round++) {
        const result = await scenario(entry, dir, entryFile, sdk, true);
        expect(isolationProblems(result, 1, 2), `${sdk}, round ${round + 1}:\n${result.serverOutput}`).toEqual([]);
        expect(result.after, `${sdk}, round ${round + 1}:\n${result.serverOutput}`).toEqual({ whileOpen: CLIENTS, afterClose: CLIENTS / 2, exitCode: 0, atExit: '0' });
      }
    }
  });
});
