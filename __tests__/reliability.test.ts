/**
 * Bad input and hostile trees, through the real CLI: every case checks the exit
 * code, the report line, and the bytes of every file afterwards.
 */
import { chmodSync, cpSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, cli, removeTempDirs, snapshotBytes, startCli, tempDir, unprivilegedPrefix } from './support/cli-process.js';

afterAll(removeTempDirs);

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const INPUT = 'shape4-sse-map.input.ts';
const OUTPUT = 'shape4-sse-map.output.ts';
const canDropPrivileges = unprivilegedPrefix() !== undefined;

/** A tree an unprivileged user may write to (the tests may run as root). */
function openTree(): string {
  const dir = tempDir('mcp-isolate-reliability-');
  chmodSync(dir, 0o777);
  return dir;
}

function write(dir: string, name: string, bytes: Buffer | string, mode = 0o666): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  chmodSync(path, mode);
  return path;
}

describe('files the parser cannot handle', () => {
  it('reports TS and JS syntax errors and a file rejected halfway, ignores an empty file, and rewrites the rest (exit 2)', () => {
    const dir = openTree();
    const sdk = "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n";
    const files = {
      'broken.ts': `${sdk}const server = new McpServer({ name: 'x' ;\n`,
      // Not named broken.js: beside broken.ts that would be tsc's output, which is skipped.
      'broken-script.js': `${sdk}const server = new McpServer({ name: 'x' }) }\n`,
      'halfway.ts': `${sdk}const server = new McpServer({ name: 'x', version: '1' });\nserver.tool('a', async () => ({ content: [] }));\nconst text = \`never closed\n`,
      'empty.ts': '',
    };
    for (const [name, text] of Object.entries(files)) write(dir, name, text);
    write(dir, 'good.ts', fixture(INPUT));
    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +broken\.ts: could not parse/);
    expect(stdout).toMatch(/error +broken-script\.js: could not parse/);
    expect(stdout).toMatch(/error +halfway\.ts: could not parse/);
    expect(stdout).not.toContain('empty.ts');
    expect(stdout).toMatch(/changed +good\.ts/);
    const after = snapshotBytes(dir);
    for (const [name, text] of Object.entries(files)) expect(after[name]?.toString('utf8')).toBe(text);
    expect(after['good.ts']).toEqual(fixture(OUTPUT));
  });
});

describe('encodings and line endings', () => {
  it('keeps a BOM and mixed line endings, and leaves non-UTF-8 and binary files untouched with a report', () => {
    const dir = openTree();
    const input = fixture(INPUT).toString('utf8');
    const expected = fixture(OUTPUT).toString('utf8');
    write(dir, 'bom.ts', `\uFEFF${input}`);
    // Every other line ends in CRLF: lines the rewrite keeps keep their own ending.
    const mixed = input
      .split('\n')
      .map((line, index, lines) => (index === lines.length - 1 ? line : `${line}${index % 2 === 0 ? '\r\n' : '\n'}`))
      .join('');
    write(dir, 'mixed.ts', mixed);
    const latin1 = Buffer.concat([Buffer.from(input.replace("'1.0.0'", "'caf")), Buffer.from([0xe9]), Buffer.from("'")]);
    write(dir, 'latin1.ts', latin1);
    const binary = Buffer.concat([Buffer.from('@modelcontextprotocol/sdk/server'), Buffer.from([0, 1, 2, 3, 0xff, 0])]);
    write(dir, 'binary.ts', binary);
    write(dir, 'image.ts', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));

    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +latin1\.ts: not valid UTF-8; left untouched/);
    expect(stdout).toMatch(/error +binary\.ts: binary file/);
    expect(stdout).not.toContain('image.ts');
    const after = snapshotBytes(dir);
    expect(after['bom.ts']?.toString('utf8')).toBe(`\uFEFF${expected}`);
    expect(after['latin1.ts']).toEqual(latin1);
    expect(after['binary.ts']).toEqual(binary);

    const mixedAfter = after['mixed.ts']?.toString('utf8') as string;
    expect(mixedAfter.replace(/\r\n/g, '\n')).toBe(expected);
    // Lines that were not touched end exactly as they did.
    const endings = new Map(mixed.split(/(?<=\n)/).map((line) => [line.replace(/\r?\n$/, ''), line.endsWith('\r\n') ? 'crlf' : 'lf']));
    for (const line of mixedAfter.split(/(?<=\n)/)) {
      const text = line.replace(/\r?\n$/, '');
      if (text.startsWith('import ')) expect(line.endsWith('\r\n') ? 'crlf' : 'lf').toBe(endings.get(text));
    }
  });
});

describe('a large generated file', () => {
  it('skips a 5 MB file with a reason, within bounded memory, and does the rest (exit 0)', () => {
    const dir = openTree();
    const chunk = "export const row_%N = { id: %N, name: 'generated row %N', tags: ['a', 'b', 'c'] };\n";
    const rows: string[] = ["import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n"];
    let size = 0;
    for (let index = 0; size < 5 * 1024 * 1024; index++) {
      const line = chunk.replaceAll('%N', String(index));
      rows.push(line);
      size += line.length;
    }
    const big = Buffer.from(rows.join(''));
    write(dir, 'generated/bundle.js', big);
    write(dir, 'server.ts', fixture(INPUT));
    const { code, stdout } = cli(dir, [], { env: { NODE_OPTIONS: '--max-old-space-size=96' } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/skipped +generated\/bundle\.js: 5\.0 MB, over the 2 MB limit/);
    expect(stdout).toMatch(/changed +server\.ts/);
    // Buffer.equals: a deep equality over 5 MB would take the test seconds.
    expect(readFileSync(join(dir, 'generated', 'bundle.js')).equals(big)).toBe(true);
  });
});

describe('symlinks', () => {
  it('processes a link to a file inside the tree once, never follows links out of the paths or loops, and never writes through them', () => {
    const outside = tempDir('mcp-isolate-outside-');
    write(outside, 'server.ts', fixture(INPUT));
    write(outside, 'folder/server.ts', fixture(INPUT));
    const outsideBefore = snapshotBytes(outside);

    const dir = openTree();
    write(dir, 'real.ts', fixture(INPUT));
    symlinkSync('real.ts', join(dir, 'alias.ts'));
    symlinkSync(join(outside, 'server.ts'), join(dir, 'escape.ts'));
    symlinkSync(join(outside, 'folder'), join(dir, 'linked-folder'));
    symlinkSync('loop-b.ts', join(dir, 'loop-a.ts'));
    symlinkSync('loop-a.ts', join(dir, 'loop-b.ts'));
    symlinkSync('.', join(dir, 'self'));

    const { code, stdout } = cli(dir);
    expect(code).toBe(0);
    expect(stdout).toContain('1 file scanned, 1 changed');
    expect(stdout).toMatch(/changed +real\.ts/);
    expect(stdout).toMatch(/skipped +escape\.ts: symlink to a file outside the given paths; not followed/);
    expect(stdout).toMatch(/skipped +loop-a\.ts: symlink loop; not followed/);
    expect(stdout).not.toContain('linked-folder');
    expect(readFileSync(join(dir, 'real.ts'))).toEqual(fixture(OUTPUT));
    expect(lstatSync(join(dir, 'alias.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'alias.ts'))).toBe('real.ts');
    expect(snapshotBytes(outside)).toEqual(outsideBefore);
  });
});

describe.skipIf(!canDropPrivileges)('permissions (run as an unprivileged user)', () => {
  it('reports a read-only file and an unreadable folder, and does the rest (exit 2)', () => {
    const dir = openTree();
    write(dir, 'read-only.ts', fixture(INPUT), 0o444);
    write(dir, 'locked/server.ts', fixture(INPUT));
    write(dir, 'good.ts', fixture(INPUT));
    chmodSync(join(dir, 'locked'), 0o000);
    const { code, stdout } = cli(dir, [], { unprivileged: true });
    chmodSync(join(dir, 'locked'), 0o755);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +read-only\.ts: read-only; not written/);
    expect(stdout).toMatch(/error +locked: folder could not be read \(EACCES\)/);
    expect(stdout).toMatch(/changed +good\.ts/);
    const after = snapshotBytes(dir);
    expect(after['read-only.ts']).toEqual(fixture(INPUT));
    expect(after['locked/server.ts']).toEqual(fixture(INPUT));
    expect(after['good.ts']).toEqual(fixture(OUTPUT));
  });

  it('a read-only module of a project rewrite blocks the whole group: nothing of it is written (exit 2)', () => {
    const dir = openTree();
    const project = join(FIXTURES, '..', 'projects', 'side-effect-tool-modules', 'input');
    for (const file of ['package.json', 'tsconfig.json', 'src/server.ts', 'src/index.ts', 'src/tools/notes.ts']) write(dir, file, readFileSync(join(project, file)));
    write(dir, 'src/tools/clock.ts', readFileSync(join(project, 'src/tools/clock.ts')), 0o444);
    write(dir, 'other.ts', fixture(INPUT));
    const before = snapshotBytes(dir);
    const { code, stdout } = cli(dir, ['--no-bump'], { unprivileged: true });
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +src\/tools\/clock\.ts: read-only; not written, nor the other files rewritten together with it/);
    expect(stdout).toMatch(/error +src\/server\.ts: not written: it is rewritten together with src\/tools\/clock\.ts, which is read-only/);
    const after = snapshotBytes(dir);
    for (const file of ['src/server.ts', 'src/index.ts', 'src/tools/notes.ts', 'src/tools/clock.ts']) expect(after[file], file).toEqual(before[file]);
    // Files outside the group are still rewritten.
    expect(after['other.ts']).toEqual(fixture(OUTPUT));
  });

  it('--dry and --check on a read-only tree write nothing and report no error', () => {
    const dir = openTree();
    write(dir, 'server.ts', fixture(INPUT), 0o444);
    write(dir, 'package.json', '{ "dependencies": { "@modelcontextprotocol/sdk": "^1.20.0" } }\n', 0o444);
    chmodSync(dir, 0o555);
    const before = snapshotBytes(dir);
    const dry = cli(dir, ['--dry'], { unprivileged: true });
    const check = cli(dir, ['--check'], { unprivileged: true });
    chmodSync(dir, 0o777);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+function createMcpServer() {');
    expect(dry.stderr).not.toMatch(/error/);
    expect(check.code).toBe(1);
    expect(check.stdout).not.toMatch(/error/);
    expect(snapshotBytes(dir)).toEqual(before);
  });
});

describe('files without any write bit, whoever runs the tool (root in CI and containers)', () => {
  // No setpriv here: as root every access check passes, so only the mode bits can say read-only.
  it('reports a 0444 source file and a 0444 package.json, writes neither, and does the rest (exit 2)', () => {
    const dir = openTree();
    write(dir, 'read-only.ts', fixture(INPUT), 0o444);
    write(dir, 'package.json', '{ "dependencies": { "@modelcontextprotocol/sdk": "^1.20.0" } }\n', 0o444);
    write(dir, 'good.ts', fixture(INPUT));
    const before = snapshotBytes(dir);
    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +read-only\.ts: read-only; not written/);
    expect(stdout).toMatch(/error +package\.json: read-only; not written/);
    expect(stdout).toMatch(/changed +good\.ts/);
    const after = snapshotBytes(dir);
    expect(after['read-only.ts']).toEqual(before['read-only.ts']);
    expect(after['package.json']).toEqual(before['package.json']);
    expect(after['good.ts']).toEqual(fixture(OUTPUT));
    expect(statSync(join(dir, 'read-only.ts')).mode & 0o777).toBe(0o444);
  });

  it('a 0444 module of a project rewrite blocks its whole group (exit 2)', () => {
    const dir = openTree();
    const project = join(FIXTURES, '..', 'projects', 'side-effect-tool-modules', 'input');
    for (const file of ['package.json', 'tsconfig.json', 'src/server.ts', 'src/index.ts', 'src/tools/clock.ts']) write(dir, file, readFileSync(join(project, file)));
    write(dir, 'src/tools/notes.ts', readFileSync(join(project, 'src/tools/notes.ts')), 0o444);
    const before = snapshotBytes(dir);
    const { code, stdout } = cli(dir, ['--no-bump']);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +src\/tools\/notes\.ts: read-only; not written, nor the other files rewritten together with it/);
    expect(stdout).toMatch(/error +src\/index\.ts: not written: it is rewritten together with src\/tools\/notes\.ts, which is read-only/);
    expect(snapshotBytes(dir)).toEqual(before);
  });

  it('a file with a write bit for its owner only is still rewritten', () => {
    const dir = openTree();
    write(dir, 'owner-only.ts', fixture(INPUT), 0o644);
    const { code } = cli(dir);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'owner-only.ts'))).toEqual(fixture(OUTPUT));
    expect(statSync(join(dir, 'owner-only.ts')).mode & 0o777).toBe(0o644);
  });
});

describe('package.json', () => {
  it('reports a malformed package.json and still rewrites the code (exit 2)', () => {
    const dir = openTree();
    const broken = '{ "dependencies": { "@modelcontextprotocol/sdk": "^1.20.0", }\n';
    write(dir, 'package.json', broken);
    write(dir, 'server.ts', fixture(INPUT));
    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +package\.json: malformed package\.json/);
    expect(stdout).toMatch(/changed +server\.ts/);
    const after = snapshotBytes(dir);
    expect(after['package.json']?.toString('utf8')).toBe(broken);
    expect(after['server.ts']).toEqual(fixture(OUTPUT));
  });
});

describe('races and crashes', () => {
  it('does not overwrite a file that changed on disk between read and write', async () => {
    const dir = openTree();
    const file = write(dir, 'server.ts', fixture(INPUT));
    // The CLI waits before its write until told to go on (the limit only guards against a hang).
    const child = startCli(dir, [], { env: { MCP_ISOLATE_TEST_PAUSE_BEFORE_WRITE_MS: '60000' } });
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const edited = `// edited by hand while the codemod ran\n${fixture(INPUT).toString('utf8')}`;
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('pausing before writing')) {
          writeFileSync(file, edited);
          child.kill('SIGUSR2');
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stdout).toMatch(/error +server\.ts: changed on disk while mcp-isolate ran; not overwritten/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('killed with SIGKILL while writing, leaves every file either old or new, never partial', async () => {
    const dir = openTree();
    const count = 300;
    for (let index = 0; index < count; index++) write(dir, `servers/server-${String(index).padStart(3, '0')}.ts`, fixture(INPUT));
    // Each write waits 200 ms first (32 at a time): the run takes seconds, so the kill
    // lands mid-run however slowly this test's poll is scheduled.
    const child = startCli(dir, [], { env: { MCP_ISOLATE_TEST_PAUSE_BEFORE_WRITE_MS: '200' } });
    // Drained, so a full pipe never holds the CLI up.
    child.stderr?.resume();
    child.stdout?.resume();
    const first = join(dir, 'servers', 'server-000.ts');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (!readFileSync(first).equals(fixture(INPUT))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
      child.on('close', () => {
        clearInterval(poll);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('close', resolve));
    const after = snapshotBytes(join(dir, 'servers'));
    const sources = Object.entries(after).filter(([name]) => name.endsWith('.ts'));
    expect(sources).toHaveLength(count);
    let rewritten = 0;
    for (const [name, bytes] of sources) {
      const old = bytes.equals(fixture(INPUT));
      const fresh = bytes.equals(fixture(OUTPUT));
      expect(old || fresh, `${name} is neither the old nor the new version`).toBe(true);
      if (fresh) rewritten++;
    }
    expect(rewritten).toBeGreaterThan(0);
    expect(rewritten).toBeLessThan(count);
  });
});
