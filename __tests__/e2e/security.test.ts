/**
 * The security proof. Each server runs for real with concurrent SDK clients whose
 * JSON-RPC ids collide: as written it leaks on SDK 1.25.3 (so this test can fail)
 * and breaks on 1.26.0; rewritten by mcp-isolate it is isolated on 1.26.0, twice in
 * a row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from 'sdk-new/client/index.js';
import { processSource } from '../../lib/process-source.js';
import { type ClientOutcome, PATIENT_TIMEOUT_MS, type RunResult, callRecorded, foreignData, isolationProblems, runScenario } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENTS = 6;

interface Case {
  name: string;
  file: string;
  transport: 'streamable-http' | 'sse';
  path: string;
  connect: 'concurrent' | 'sequential';
  exercise: (client: Client, outcome: ClientOutcome, timeoutMs: number) => Promise<void>;
  results: number;
  progress: number;
}

const whoami = async (client: Client, outcome: ClientOutcome, timeoutMs: number) => {
  await callRecorded(client, outcome, 'whoami', { client: outcome.tag, delayMs: 30 }, timeoutMs);
};

const cases: Case[] = [
  {
    name: 'the example (shape 1: shared server + shared stateless transport, express)',
    file: join(ROOT, 'examples', 'express-shared-server', 'server.ts'),
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise: async (client, outcome, timeoutMs) => {
      await callRecorded(client, outcome, 'save_note', { user: outcome.tag, text: `the secret of ${outcome.tag}` }, timeoutMs);
      await callRecorded(client, outcome, 'read_note', { user: outcome.tag }, timeoutMs);
    },
    results: 2,
    progress: 2,
  },
  {
    name: 'shape 3: stateful sessions map with one shared server (express)',
    file: join(import.meta.dirname, 'servers', 'stateful-sessions.ts'),
    transport: 'streamable-http',
    path: '/mcp',
    // Sessions opening together: the last connect wins, and results and progress
    // for other sessions' requests go down its streams.
    connect: 'concurrent',
    exercise: whoami,
    results: 1,
    progress: 2,
  },
  {
    name: 'shape 4: SSE streams with one shared server (express)',
    file: join(import.meta.dirname, 'servers', 'sse-streams.ts'),
    transport: 'sse',
    path: '/sse',
    // Streams opened one after another: every response goes to the newest stream.
    connect: 'sequential',
    exercise: whoami,
    results: 1,
    progress: 2,
  },
  {
    name: 'shape 4: one global SSE transport that every new stream overwrites (express)',
    file: join(import.meta.dirname, 'servers', 'sse-global-transport.ts'),
    transport: 'sse',
    path: '/sse',
    connect: 'sequential',
    exercise: whoami,
    results: 1,
    progress: 2,
  },
  ...(
    [
      ['node:http', 'stateless (shape 1: shared server + shared transport)', 'node-http-stateless.ts'],
      ['node:http', 'stateful (shape 3: sessions map, one server)', 'node-http-sessions.ts'],
      ['hono, web-standard transport', 'stateless (shape 1 behind an isConnected() guard)', 'hono-web-stateless.ts'],
      ['hono, web-standard transport', 'stateful (shape 3: sessions map, one server)', 'hono-web-sessions.ts'],
      ['fastify', 'stateless (shape 2: transport per request, one server)', 'fastify-stateless.ts'],
      ['fastify', 'stateful (shape 3: sessions map, one server)', 'fastify-sessions.ts'],
    ] as const
  ).map(
    ([framework, shape, file]): Case => ({
      name: `${framework}: ${shape}`,
      file: join(import.meta.dirname, 'servers', file),
      transport: 'streamable-http',
      path: '/mcp',
      connect: 'concurrent',
      exercise: whoami,
      results: 1,
      progress: 2,
    }),
  ),
];

/** `patient`: the server must serve everyone, so a slow machine gets time; otherwise lost responses fail fast. */
function run(entry: Case, source: string, sdk: 'old' | 'new', patient = false): Promise<RunResult> {
  return runScenario({
    source,
    filename: entry.file,
    sdk,
    clients: CLIENTS,
    transport: entry.transport,
    path: entry.path,
    connect: entry.connect,
    exercise: entry.exercise,
    ...(patient ? { requestTimeoutMs: PATIENT_TIMEOUT_MS } : {}),
  });
}

describe.each(cases)('$name', (entry) => {
  const original = readFileSync(entry.file, 'utf8');

  it('as written, leaks one client’s data to another on SDK 1.25.3', async () => {
    // The race needs requests in flight together; a few rounds make it certain.
    let leaks: string[] = [];
    for (let round = 0; round < 3 && leaks.length === 0; round++) leaks = foreignData(await run(entry, original, 'old'));
    expect(leaks.length, 'no leak observed: the vulnerable server behaved').toBeGreaterThan(0);
  });

  it('as written, fails on SDK 1.26.0 (the version bump alone is an outage)', async () => {
    const result = await run(entry, original, 'new');
    expect(isolationProblems(result, entry.results, entry.progress).length).toBeGreaterThan(0);
  });

  it('rewritten by mcp-isolate, every client gets exactly its own results and progress on SDK 1.26.0, twice in a row', async () => {
    const { output, error } = await processSource(entry.file, Buffer.from(original));
    expect(error).toBeUndefined();
    expect(output).toBeDefined();
    for (let round = 0; round < 2; round++) {
      const result = await run(entry, output as string, 'new', true);
      expect(isolationProblems(result, entry.results, entry.progress), result.serverOutput).toEqual([]);
    }
  });
});

describe('stateful singleton transport (express): one session for the whole process', () => {
  const file = join(import.meta.dirname, 'servers', 'stateful-singleton.ts');
  const original = readFileSync(file, 'utf8');
  const scenario = (source: string, sdk: 'old' | 'new', patient = false) =>
    runScenario({
      source,
      filename: file,
      sdk,
      clients: CLIENTS,
      transport: 'streamable-http',
      path: '/mcp',
      connect: 'concurrent',
      exercise: whoami,
      ...(patient ? { requestTimeoutMs: PATIENT_TIMEOUT_MS } : {}),
    });

  it('as written, only one client can initialise, on either SDK', async () => {
    for (const sdk of ['old', 'new'] as const) {
      const result = await scenario(original, sdk);
      expect(isolationProblems(result, 1, 2).length).toBeGreaterThanOrEqual(CLIENTS - 1);
    }
  });

  it('rewritten to a transport and server per session, every client is served on SDK 1.26.0, twice in a row', async () => {
    const { output, error } = await processSource(file, Buffer.from(original));
    expect(error).toBeUndefined();
    expect(output).toContain('transportFor(');
    for (let round = 0; round < 2; round++) {
      const result = await scenario(output as string, 'new', true);
      expect(isolationProblems(result, 1, 2), result.serverOutput).toEqual([]);
    }
  });
});
