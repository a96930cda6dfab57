/**
 * JavaScript that tsc emitted stays byte-identical, through the real CLI: beside its
 * TypeScript twin (`.js`/`.ts`, `.mjs`/`.mts`, `.cjs`/`.cts`) or in a tsconfig's
 * outDir (also one inherited through `extends`). It is reported as skipped, with the
 * reason, when it uses the SDK. Hand-written JavaScript beside a `.d.ts` is rewritten.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, cli, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const INPUT = readFileSync(join(FIXTURES, 'shape4-sse-map.input.ts'), 'utf8');
const OUTPUT = readFileSync(join(FIXTURES, 'shape4-sse-map.output.ts'), 'utf8');

/** What tsc writes for a TypeScript file: the same transpiler, so the output is realistic. */
function emitted(source: string, module: ts.ModuleKind = ts.ModuleKind.NodeNext): string {
  return ts.transpileModule(source, { compilerOptions: { module, target: ts.ScriptTarget.ES2022 } }).outputText;
}

function put(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe('compiled output', () => {
  it('skips JavaScript emitted beside its TypeScript twin and in a tsconfig outDir, and rewrites the sources', () => {
    const dir = tempDir('mcp-isolate-compiled-');
    const js = emitted(INPUT);
    put(dir, {
      'src/server.ts': INPUT,
      'src/server.js': js,
      'src/esm.mts': INPUT,
      'src/esm.mjs': js,
      'src/common.cts': INPUT,
      'src/common.cjs': emitted(INPUT, ts.ModuleKind.CommonJS),
      // A .d.ts is not a twin: this JavaScript is the source, and is rewritten.
      'src/hand-written.js': js,
      'src/hand-written.d.ts': 'export {};\n',
      // Emitted without a twin beside it: the folder is the tsconfig's outDir.
      'tsconfig.json': '{\n  // the build\n  "compilerOptions": { "outDir": "lib", "rootDir": "src", },\n}\n',
      'lib/server.js': js,
      'lib/no-sdk.js': 'export const x = 1;\n',
      // An outDir inherited from a base config resolves against the base config's folder.
      'tsconfig.base.json': '{ "compilerOptions": { "outDir": "./compiled" } }\n',
      'packages/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "rootDir": "src" } }\n',
      'packages/api/src/server.ts': INPUT,
      'compiled/server.js': js,
      // tsc emits no TypeScript: a .ts file inside an outDir is still a source.
      'compiled/handwritten.ts': INPUT,
    });
    const before = snapshot(dir);
    const { code, stdout } = cli(dir, ['--no-bump']);
    expect(code, stdout).toBe(0);
    const after = snapshot(dir);
    for (const name of ['src/server.js', 'src/esm.mjs', 'src/common.cjs', 'lib/server.js', 'compiled/server.js']) expect(after[name], name).toBe(before[name]);
    for (const name of ['src/server.ts', 'src/esm.mts', 'src/common.cts', 'packages/api/src/server.ts', 'compiled/handwritten.ts']) expect(after[name], name).toBe(OUTPUT);
    expect(after['src/hand-written.js']).not.toBe(before['src/hand-written.js']);
    expect(after['src/hand-written.js']).toContain('function createMcpServer()');

    expect(stdout).toMatch(/skipped +src\/server\.js: compiled output: tsc emits it from server\.ts beside it/);
    expect(stdout).toMatch(/skipped +src\/esm\.mjs: compiled output: tsc emits it from esm\.mts beside it/);
    expect(stdout).toMatch(/skipped +src\/common\.cjs: compiled output: tsc emits it from common\.cts beside it/);
    expect(stdout).toMatch(/skipped +lib\/server\.js: compiled output: in the outDir of tsconfig\.json/);
    expect(stdout).toMatch(/skipped +compiled\/server\.js: compiled output: in the outDir of tsconfig\.base\.json/);
    // Compiled output that never mentions the SDK is not worth a line.
    expect(stdout).not.toContain('no-sdk.js');
    expect(stdout).toMatch(/6 changed, 0 need review, 0 failed, 5 skipped/);
  });

  it('the JSON report gives compiled output the status skipped with its reason', () => {
    const dir = tempDir('mcp-isolate-compiled-');
    put(dir, { 'src/server.ts': INPUT, 'src/server.js': emitted(INPUT) });
    const out = join(tempDir(), 'report.json');
    expect(cli(dir, ['--dry', '--report', out]).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const compiled = report.files.find((file: { path: string }) => file.path === 'src/server.js');
    expect(compiled).toMatchObject({ status: 'skipped', changed: false, diff: '', reason: expect.stringContaining('tsc emits it from server.ts') });
    expect(report.files.find((file: { path: string }) => file.path === 'src/server.ts').status).toBe('changed');
  });

  it('a compiled file named on the command line is skipped too', () => {
    const dir = tempDir('mcp-isolate-compiled-');
    put(dir, { 'server.ts': INPUT, 'server.js': emitted(INPUT) });
    const { code, stdout } = cli(dir, ['--no-bump', 'server.js']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/skipped +server\.js: compiled output/);
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(emitted(INPUT));
  });
});
