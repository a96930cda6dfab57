/** The CLI through a real process, on scratch copies outside the repository. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli as run, git, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const cli = (cwd: string, ...args: string[]) => run(cwd, args);

function exampleRepo(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

describe('mcp-isolate CLI', () => {
  it('prints help with examples and exits 0', () => {
    const { code, stdout } = cli(ROOT, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--dry');
    expect(stdout).toMatch(/--no-bump-unfixed\s+holds\s+those\s+bumps\s+back/);
    expect(stdout).toContain('Examples:');
  });

  it('rejects an unknown option with exit 2', () => {
    const { code, stderr } = cli(ROOT, '--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown argument');
  });

  it('--dry writes nothing and prints a diff that git apply accepts', () => {
    const dir = exampleRepo();
    const before = snapshot(dir);
    const { code, stdout, stderr } = cli(dir, '--dry', 'examples');
    expect(code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(stdout).toContain('diff --git a/examples/express-shared-server/server.ts b/examples/express-shared-server/server.ts');
    expect(stdout).toContain('+function createMcpServer() {');
    expect(stdout).toContain('+    "@modelcontextprotocol/sdk": "^1.26.0",');
    expect(stderr).toContain('Dry run: nothing was written.');

    const patch = join(tempDir(), 'fix.patch');
    writeFileSync(patch, stdout);
    git(dir, 'apply', '--check', patch);
    git(dir, 'apply', patch);
    const applied = snapshot(dir);

    // The same run in write mode produces exactly what the patch produced.
    const fresh = exampleRepo();
    expect(cli(fresh, 'examples').code).toBe(0);
    expect(snapshot(fresh)).toEqual(applied);
  });

  it('writes, prints a summary, and a second run changes nothing', () => {
    const dir = exampleRepo();
    const first = cli(dir, 'examples');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/changed +examples\/express-shared-server\/server\.ts/);
    expect(first.stdout).toMatch(/bump +examples\/express-shared-server\/package\.json: @modelcontextprotocol\/sdk \^1\.17\.0 -> \^1\.26\.0/);
    expect(first.stdout).toContain('1 changed');
    git(dir, 'commit', '-qam', 'rewritten');
    const second = cli(dir, 'examples');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 changed');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('--check exits 1 on vulnerable code and 0 on clean code, writing nothing', () => {
    const dir = exampleRepo();
    const before = snapshot(dir);
    const vulnerable = cli(dir, '--check', 'examples');
    expect(vulnerable.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);

    const clean = tempDir();
    cpSync(join(FIXTURES, 'no-change-per-request.input.ts'), join(clean, 'server.ts'));
    cpSync(join(FIXTURES, 'no-change-stdio.input.ts'), join(clean, 'stdio.ts'));
    const result = cli(clean, '--check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 files scanned, 0 would change, 0 need review');
  });

  it('--check reports code that needs review with file:line and exits 1', () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'review-timer-and-shutdown.output.ts'), join(dir, 'ticker.ts'));
    const { code, stdout } = cli(dir, '--check');
    expect(code).toBe(1);
    expect(stdout).toMatch(/review +ticker\.ts:18:\d+ MCP-ISO-003/);
    expect(stdout).toMatch(/review +ticker\.ts:23:\d+ MCP-ISO-003/);
  });

  it('refuses to write into a dirty work tree unless --allow-dirty', () => {
    const dir = exampleRepo();
    writeFileSync(join(dir, 'examples', 'notes.txt'), 'uncommitted\n');
    const before = snapshot(dir);
    const refused = cli(dir, 'examples');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes');
    expect(refused.stderr).toContain('--allow-dirty');
    expect(snapshot(dir)).toEqual(before);

    const allowed = cli(dir, '--allow-dirty', 'examples');
    expect(allowed.code).toBe(0);
    expect(readFileSync(join(dir, 'examples', 'express-shared-server', 'server.ts'), 'utf8')).toContain('createMcpServer()');
  });

  it('treats a folder outside git as clean', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    const { code } = cli(dir, 'examples');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'examples', 'express-shared-server', 'server.ts'), 'utf8')).toContain('createMcpServer()');
  });

  it('reports a file that does not parse, leaves it untouched, and still does the others (exit 2)', () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'shape4-sse-map.input.ts'), join(dir, 'good.ts'));
    const broken = "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ name: 'x' ;\n";
    writeFileSync(join(dir, 'broken.ts'), broken);
    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +broken\.ts: could not parse/);
    expect(stdout).toMatch(/changed +good\.ts/);
    expect(readFileSync(join(dir, 'broken.ts'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'good.ts'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'shape4-sse-map.output.ts'), 'utf8'));
  });

  it('ignores node_modules, build output and .gitignored files', () => {
    const dir = tempDir();
    const vulnerable = readFileSync(join(FIXTURES, 'shape4-sse-map.input.ts'), 'utf8');
    for (const folder of ['node_modules/pkg', 'dist', 'build', 'generated']) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, 'server.ts'), vulnerable);
    }
    writeFileSync(join(dir, '.gitignore'), 'generated/\n');
    const before = snapshot(dir);
    const { code, stdout } = cli(dir, '--check');
    expect(code).toBe(0);
    expect(stdout).toContain('0 files scanned');
    expect(snapshot(dir)).toEqual(before);
  });

  it('gives the same diff with a worker pool as on the main thread alone', () => {
    const dir = tempDir();
    const inputs = readdirSync(FIXTURES).filter((name) => name.includes('.input.'));
    // More files than the main thread keeps to itself, so the pool really runs.
    for (const [index, name] of inputs.slice(0, 48).entries()) cpSync(join(FIXTURES, name), join(dir, `${index}-${name}`));
    const single = cli(dir, '--dry', '--jobs', '1');
    const pooled = cli(dir, '--dry', '--jobs', '2');
    expect(single.code).toBe(0);
    expect(pooled.code).toBe(0);
    expect(single.stdout).toContain('diff --git');
    expect(pooled.stdout).toBe(single.stdout);
    expect(pooled.stderr).toBe(single.stderr);
  });

  it('the README recipe for jscodeshift (the compiled transform) rewrites exactly as the CLI does', () => {
    const viaCli = tempDir();
    const viaJscodeshift = tempDir();
    for (const name of ['shape1-top-level-await.input.ts', 'shape3-sessions-record.input.ts', 'shape5-hono-mcp-is-connected.input.ts']) {
      cpSync(join(FIXTURES, name), join(viaCli, name));
      cpSync(join(FIXTURES, name), join(viaJscodeshift, name));
    }
    expect(cli(viaCli, '--no-bump').code).toBe(0);
    const jscodeshift = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'jscodeshift'),
      ['-t', join(ROOT, 'dist', 'transforms', 'isolate-mcp-server.js'), '--parser', 'ts', '--silent', '.'],
      { cwd: viaJscodeshift, encoding: 'utf8' },
    );
    expect(jscodeshift.status, jscodeshift.stderr).toBe(0);
    expect(snapshot(viaJscodeshift)).toEqual(snapshot(viaCli));
    expect(Object.values(snapshot(viaCli)).every((text) => text.includes('createMcpServer'))).toBe(true);
  });

  it('keeps the file mode when it rewrites', () => {
    const dir = tempDir();
    const file = join(dir, 'server.ts');
    cpSync(join(FIXTURES, 'shape2-half-fix.input.ts'), file);
    execFileSync('chmod', ['640', file]);
    expect(cli(dir).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('keeps CRLF line endings and a UTF-8 byte order mark', () => {
    const dir = tempDir();
    const input = readFileSync(join(FIXTURES, 'shape1-top-level-await.input.ts'), 'utf8');
    const expected = readFileSync(join(FIXTURES, 'shape1-top-level-await.output.ts'), 'utf8');
    writeFileSync(join(dir, 'crlf.ts'), input.replace(/\n/g, '\r\n'));
    writeFileSync(join(dir, 'bom.ts'), `\uFEFF${input}`);
    const { code } = cli(dir);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'crlf.ts'), 'utf8')).toBe(expected.replace(/\n/g, '\r\n'));
    expect(readFileSync(join(dir, 'bom.ts'), 'utf8')).toBe(`\uFEFF${expected}`);
  });
});
