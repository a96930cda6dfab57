/**
 * The security proof for a server spread over modules: the server exported from
 * server.ts, tools registered by side-effect imports, a shared transport in http.ts.
 * As written it leaks on SDK 1.25.3 and breaks on 1.26.0; after the CLI's project
 * pass it is isolated on 1.26.0.
 */
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from 'sdk-new/client/index.js';
import { run } from '../../lib/run.js';
import { type ClientOutcome, PATIENT_TIMEOUT_MS, callRecorded, foreignData, isolationProblems, runProjectScenario } from './harness.js';

const SERVERS = join(import.meta.dirname, 'servers');
const CLIENTS = 6;

/** The tree as the user has it: the project plus the shared whoami tool module beside it. */
function copyProject(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mcp-isolate-e2e-project-')), 'project-notes');
  cpSync(join(SERVERS, 'project-notes'), dir, { recursive: true });
  copyFileSync(join(SERVERS, 'whoami-tool.ts'), join(dir, 'whoami-tool.ts'));
  return dir;
}

const exercise = async (client: Client, outcome: ClientOutcome, timeoutMs: number) => {
  await callRecorded(client, outcome, 'whoami', { client: outcome.tag, delayMs: 30 }, timeoutMs);
};

/** `patient`: the server must serve everyone, so a slow machine gets time; otherwise lost responses fail fast. */
const scenario = (tree: string, sdk: 'old' | 'new', patient = false) =>
  runProjectScenario({
    tree,
    entry: 'http.ts',
    sdk,
    clients: CLIENTS,
    transport: 'streamable-http',
    path: '/mcp',
    connect: 'concurrent',
    exercise,
    ...(patient ? { requestTimeoutMs: PATIENT_TIMEOUT_MS } : {}),
  });

describe('a server spread over modules (exported server, side-effect tool modules, shared transport)', () => {
  it('as written, leaks one client’s data to another on SDK 1.25.3', async () => {
    const tree = copyProject();
    let leaks: string[] = [];
    for (let round = 0; round < 3 && leaks.length === 0; round++) leaks = foreignData(await scenario(tree, 'old'));
    expect(leaks.length, 'no leak observed: the vulnerable server behaved').toBeGreaterThan(0);
  });

  it('as written, fails on SDK 1.26.0 (the version bump alone is an outage)', async () => {
    const result = await scenario(copyProject(), 'new');
    expect(isolationProblems(result, 1, 2).length).toBeGreaterThan(0);
  });

  it('rewritten by the CLI across its modules, every client gets exactly its own results on SDK 1.26.0, twice in a row', async () => {
    const tree = copyProject();
    const result = await run({ paths: [tree], cwd: tree, mode: 'write', bump: false, allowDirty: true });
    expect(result.files.filter((file) => file.error)).toEqual([]);
    const changed = result.files.filter((file) => file.changed).map((file) => file.path).sort();
    expect(changed).toEqual(['http.ts', 'server.ts', 'tools/notes.ts', 'tools/whoami.ts']);
    for (let round = 0; round < 2; round++) {
      const outcome = await scenario(tree, 'new', true);
      expect(isolationProblems(outcome, 1, 2), outcome.serverOutput).toEqual([]);
    }
  });
});
