/**
 * The codemod registry package through the real `codemod` CLI (a pinned dev
 * dependency), offline, analytics off: its jssg entry rewrites exactly as our CLI
 * does, `codemod jssg test` passes over fixtures, and the workflow's dry run previews
 * the rewrite without writing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli, git, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const CODEMOD = join(ROOT, 'node_modules', '.bin', 'codemod');
const BUNDLE = join(ROOT, 'codemod', 'dist', 'entry.js');
const CASES = ['shape1-top-level-await.input.ts', 'shape4-sse-commonjs.input.cjs', 'shape5-hono-mcp-is-connected.input.ts', 'no-change-stdio.input.ts'];

function codemod(args: string[], cwd = ROOT) {
  const result = spawnSync(CODEMOD, [...args, '--disable-analytics'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function repoWith(names: string[]): string {
  const dir = tempDir('mcp-isolate-codemod-');
  for (const name of names) cpSync(join(FIXTURES, name), join(dir, name.replace('.input.', '.')));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

beforeAll(() => {
  // The bundle is a build output: made here, as `npm run codemod:bundle` makes it.
  mkdirSync(join(ROOT, 'codemod', 'dist'), { recursive: true });
  for (const [entry, out] of [
    ['entry.ts', BUNDLE],
    ['bump.ts', join(ROOT, 'codemod', 'dist', 'bump.js')],
  ] as const) {
    const bundled = codemod(['jssg', 'bundle', join('codemod', 'src', entry), '-o', out, '--base-dir', '.']);
    expect(bundled.code, bundled.output).toBe(0);
  }
}, 120_000);

describe('codemod registry package', () => {
  it('the jssg entry rewrites each file exactly as the mcp-isolate CLI does', () => {
    const viaCodemod = repoWith(CASES);
    const viaCli = repoWith(CASES);
    const run = codemod(['jssg', 'run', BUNDLE, '-t', viaCodemod, '--language', 'typescript', '--no-interactive', '--allow-dirty']);
    expect(run.code, run.output).toBe(0);
    expect(cli(viaCli, ['--no-bump']).code).toBe(0);
    const ours = snapshot(viaCli);
    expect(snapshot(viaCodemod)).toEqual(ours);
    expect(ours['shape1-top-level-await.ts']).toContain('function createMcpServer()');
  }, 120_000);

  it('the whole workflow rewrites the code and bumps the SDK exactly as the mcp-isolate CLI does', () => {
    const withPackage = (dir: string) => {
      writeFileSync(join(dir, 'package.json'), '{\n  "name": "app",\n  "dependencies": {\n    "@modelcontextprotocol/sdk": "^1.17.0"\n  }\n}\n');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'package');
      return dir;
    };
    const viaCodemod = withPackage(repoWith(CASES));
    const viaCli = withPackage(repoWith(CASES));
    // Shell steps run in the folder codemod is started from: the repository's root.
    const run = codemod(['workflow', 'run', '-w', join(ROOT, 'codemod'), '-t', viaCodemod, '--no-interactive', '--allow-dirty'], viaCodemod);
    expect(run.code, run.output).toBe(0);
    expect(cli(viaCli).code).toBe(0);
    const ours = snapshot(viaCli);
    expect(ours['package.json']).toContain('"@modelcontextprotocol/sdk": "^1.26.0"');
    expect(snapshot(viaCodemod)).toEqual(ours);
  }, 120_000);

  it('codemod jssg test passes over fixtures made from ours', () => {
    const tests = tempDir('mcp-isolate-jssg-tests-');
    for (const name of CASES.filter((entry) => !entry.startsWith('no-change-'))) {
      const ext = name.split('.').pop() as string;
      const dir = join(tests, name.replace(/\.input\..*$/, ''));
      mkdirSync(dir);
      cpSync(join(FIXTURES, name), join(dir, `input.${ext}`));
      cpSync(join(FIXTURES, name.replace('.input.', '.output.')), join(dir, `expected.${ext}`));
    }
    const result = codemod(['jssg', 'test', BUNDLE, tests, '--language', 'typescript']);
    expect(result.code, result.output).toBe(0);
  }, 120_000);

  it('the workflow dry run names the files it would change, skips the shell step, and writes nothing', () => {
    const dir = repoWith(CASES);
    const before = snapshot(dir);
    // Non-interactive, the dry run reports through its structured log rather than a diff.
    const result = codemod(['workflow', 'run', '-w', join(ROOT, 'codemod'), '-t', dir, '--dry-run', '--no-interactive', '--allow-dirty', '--format', 'jsonl'], dir);
    expect(result.code, result.output).toBe(0);
    const wouldModify = [...result.output.matchAll(/Would modify file \(dry run\): ([^"]+)"/g)].map((match) => (match[1] as string).split('/').pop()).sort();
    expect(wouldModify).toEqual(['shape1-top-level-await.ts', 'shape4-sse-commonjs.cjs', 'shape5-hono-mcp-is-connected.ts']);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);
});
