/**
 * The codemod registry package through the real `codemod` CLI (a pinned dev
 * dependency), offline, analytics off: the workflow gives the CLI's result on whole
 * projects (servers across modules, the bump, --no-bump-unfixed), its jssg entry
 * rewrites each file as the CLI does, `codemod jssg test` passes over fixtures, and
 * the workflow's dry run previews the per-file rewrite without writing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { FIXTURES, ROOT, cli, git, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const CODEMOD = join(ROOT, 'node_modules', '.bin', 'codemod');
const BUNDLE = join(ROOT, 'codemod', 'dist', 'entry.js');
const PROJECTS = join(FIXTURES, '..', 'projects');
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

/** A git repository holding a copy of `from` (a project fixture's input, say). */
function repoOf(from: string, extra: Record<string, string> = {}): string {
  const dir = tempDir('mcp-isolate-codemod-');
  cpSync(from, dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

/** `codemod workflow run` started in the repository's root, as the README says. */
function workflow(dir: string, extra: string[] = []) {
  return codemod(['workflow', 'run', '-w', join(ROOT, 'codemod'), '-t', '.', '--no-interactive', '--allow-dirty', ...extra], dir);
}

beforeAll(() => {
  // The bundles are build outputs: made here, as `npm run codemod:bundle` makes them.
  mkdirSync(join(ROOT, 'codemod', 'dist'), { recursive: true });
  const bundled = codemod(['jssg', 'bundle', join('codemod', 'src', 'entry.ts'), '-o', BUNDLE, '--base-dir', '.']);
  expect(bundled.code, bundled.output).toBe(0);
  const engine = spawnSync(join(ROOT, 'node_modules', '.bin', 'rolldown'), ['-c', join('codemod', 'rolldown.config.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(engine.status, `${engine.stdout}${engine.stderr}`).toBe(0);
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
    const run = workflow(viaCodemod);
    expect(run.code, run.output).toBe(0);
    expect(cli(viaCli).code).toBe(0);
    const ours = snapshot(viaCli);
    expect(ours['package.json']).toContain('"@modelcontextprotocol/sdk": "^1.26.0"');
    expect(snapshot(viaCodemod)).toEqual(ours);
  }, 120_000);

  it.each(['exported-server-http-entry', 'side-effect-tool-modules'])(
    'on a project whose server spans modules (%s), the workflow gives files byte-identical to the CLI',
    (name) => {
      const input = join(PROJECTS, name, 'input');
      const viaCodemod = repoOf(input);
      const viaCli = repoOf(input);
      const run = workflow(viaCodemod);
      expect(run.code, run.output).toBe(0);
      expect(cli(viaCli).code).toBe(0);
      const ours = snapshot(viaCli);
      // The CLI fixes the server across its modules (the per-file transform alone would only mark it).
      expect(ours).toEqual(snapshot(join(PROJECTS, name, 'output')));
      expect(snapshot(viaCodemod)).toEqual(ours);
    },
    120_000,
  );

  it('the workflow leaves compiled output alone and holds back the bump with bump_unfixed=false, as the CLI does', () => {
    const server = readFileSync(join(FIXTURES, 'shape1-top-level-await.input.ts'), 'utf8');
    const extra = {
      'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "@modelcontextprotocol/sdk": "^1.20.0"\n  }\n}\n',
      'src/server.ts': server,
      // tsc's output beside its source: the CLI skips it, and so must the per-file step.
      'src/server.js': ts.transpileModule(server, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText,
      // A server the rewrite cannot fix: the package keeps its SDK version with the option.
      'src/review.ts': readFileSync(join(FIXTURES, 'review-imported-server.input.ts'), 'utf8'),
      'package-lock.json': '{}\n',
    };
    const empty = tempDir();
    const viaCodemod = repoOf(empty, extra);
    const viaCli = repoOf(empty, extra);
    const run = workflow(viaCodemod, ['--param', 'bump_unfixed=false']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/held +package\.json/);
    expect(cli(viaCli, ['--no-bump-unfixed']).code).toBe(0);
    const ours = snapshot(viaCli);
    expect(ours['src/server.js']).toBe(extra['src/server.js']);
    expect(ours['package.json']).toBe(extra['package.json']);
    expect(ours['src/server.ts']).toContain('function createMcpServer()');
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

  it('the workflow dry run previews the per-file rewrite (names the files it would change), skips the shell step, and writes nothing', () => {
    const dir = repoWith(CASES);
    writeFileSync(join(dir, 'package.json'), '{ "dependencies": { "@modelcontextprotocol/sdk": "^1.20.0" } }\n');
    const before = snapshot(dir);
    // Non-interactive, the dry run reports through its structured log rather than a diff.
    const result = workflow(dir, ['--dry-run', '--format', 'jsonl']);
    expect(result.code, result.output).toBe(0);
    const wouldModify = [...result.output.matchAll(/Would modify file \(dry run\): ([^"]+)"/g)].map((match) => (match[1] as string).split('/').pop()).sort();
    expect(wouldModify).toEqual(['shape1-top-level-await.ts', 'shape4-sse-commonjs.cjs', 'shape5-hono-mcp-is-connected.ts']);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);
});
