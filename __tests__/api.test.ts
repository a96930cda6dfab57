/** The package's programmatic entry, imported by its name as a user would. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe("import('mcp-isolate')", () => {
  it('runs the rewrite without a process and reports it', async () => {
    const api = await import('mcp-isolate');
    const result = await api.run({ paths: ['examples'], cwd: join(import.meta.dirname, '..'), mode: 'dry', bump: true, allowDirty: true });
    expect(result.files.map((file) => [file.path, file.changed])).toEqual([['examples/express-shared-server/server.ts', true]]);
    expect(result.packages.map((pkg) => pkg.changes.map((change) => change.to))).toEqual([['^1.26.0']]);
    expect(api.exitCodeOf(result)).toBe(0);
    expect(api.formatSummary(result)).toContain('1 would change');
  });
});
