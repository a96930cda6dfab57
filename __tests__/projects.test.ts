/**
 * Multi-file fixtures (__testfixtures__/projects/<case>/{input,output}), each run
 * three ways through the runner with the project pass: input tree -> output tree,
 * output tree unchanged on a second run, no-change trees unchanged. Then each
 * output tree type-checks against the real SDK >= 1.26 types with no error the
 * input did not have.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project } from 'ts-morph';
// @ts-expect-error jscodeshift ships no types for its test utilities
import { applyTransform } from 'jscodeshift/dist/testUtils';
import transform from '../transforms/isolate-mcp-server.js';
import { describe, expect, it } from 'vitest';
import { run } from '../lib/run.js';
import { copyTree, projectCases, readTree } from './support/project-tree.js';
import { makeVariant } from '../bench/fuzz-variants.js';
import { seededRandom } from '../bench/random.js';

async function rewriteTree(dir: string) {
  return run({ paths: [dir], cwd: dir, mode: 'write', bump: false, allowDirty: true, jobs: 1 });
}

function asText(tree: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...tree].map(([path, bytes]) => [path, bytes.toString('utf8')]));
}

/** Diagnostics as "file: message" lines (no positions: the rewrite moves code). */
function diagnostics(dir: string): string[] {
  const project = new Project({ tsConfigFilePath: `${dir}/tsconfig.json` });
  return project
    .getPreEmitDiagnostics()
    .map((diagnostic) => {
      const message = diagnostic.getMessageText();
      const text = typeof message === 'string' ? message : message.getMessageText();
      return `${diagnostic.getSourceFile()?.getFilePath().slice(dir.length + 1) ?? '-'}: ${text}`;
    })
    .sort();
}

describe('project fixtures', () => {
  const cases = projectCases();

  it('has at least eight rewrite cases and a no-change case', () => {
    expect(cases.filter((entry) => !entry.noChange).length).toBeGreaterThanOrEqual(8);
    expect(cases.some((entry) => entry.noChange)).toBe(true);
    for (const entry of cases) expect(Boolean(entry.output), entry.name).toBe(!entry.noChange);
  });

  it('rewrites a project that had type errors before (exported-server-http-entry has one on purpose)', async () => {
    const entry = cases.find((candidate) => candidate.name === 'exported-server-http-entry') as (typeof cases)[number];
    const before = diagnostics(copyTree(entry.input, 'typed-before'));
    expect(before.some((line) => line.startsWith('src/http.ts:') && line.includes('not assignable to type'))).toBe(true);
    const dir = copyTree(entry.input, 'typed-rewrite');
    const result = await rewriteTree(dir);
    expect(result.files.filter((file) => file.changed).map((file) => file.path.split('/').slice(-2).join('/')).sort()).toEqual(['src/http.ts', 'src/server.ts']);
  }, 180_000);

  it('the per-file jscodeshift transform still runs alone on a module of a project (and marks what it cannot see)', () => {
    const entry = cases.find((candidate) => candidate.name === 'side-effect-tool-modules') as (typeof cases)[number];
    const path = join(entry.input, 'src', 'index.ts');
    const output: string = applyTransform({ default: transform, parser: 'ts' }, {}, { source: readFileSync(path, 'utf8'), path }, { parser: 'ts' });
    expect(output).toContain('// mcp-isolate: `server` is one server imported from');
    expect(output).toContain("import { server } from './server.js';");
  });

  it('all cases side by side in one monorepo give the same trees (each package is planned on its own)', async () => {
    const root = copyTree(cases[0]?.input as string, 'monorepo');
    rmSync(root, { recursive: true });
    for (const entry of cases) cpSync(entry.input, join(root, 'packages', entry.name), { recursive: true });
    const result = await rewriteTree(root);
    expect(result.files.filter((file) => file.error)).toEqual([]);
    const tree = asText(readTree(root));
    for (const entry of cases) {
      const expected = asText(readTree(entry.output ?? entry.input));
      const actual = Object.fromEntries(Object.entries(tree).filter(([path]) => path.startsWith(`packages/${entry.name}/`)).map(([path, text]) => [path.slice(`packages/${entry.name}/`.length), text]));
      expect(actual, entry.name).toEqual(expected);
    }
  });

  for (const entry of cases) {
    if (entry.noChange) {
      it(`${entry.name}: leaves every file byte-identical`, async () => {
        const dir = copyTree(entry.input, entry.name);
        const result = await rewriteTree(dir);
        expect(result.files.filter((file) => file.changed || file.error)).toEqual([]);
        expect(asText(readTree(dir))).toEqual(asText(readTree(entry.input)));
      });
      continue;
    }
    const output = entry.output as string;
    it(`${entry.name}: input tree -> output tree`, async () => {
      const dir = copyTree(entry.input, entry.name);
      const result = await rewriteTree(dir);
      expect(result.files.filter((file) => file.error)).toEqual([]);
      expect(asText(readTree(dir))).toEqual(asText(readTree(output)));
    });
    it(`${entry.name}: output tree is left unchanged (idempotent)`, async () => {
      const dir = copyTree(output, `${entry.name}-again`);
      const result = await rewriteTree(dir);
      expect(result.files.filter((file) => file.changed || file.error)).toEqual([]);
      expect(asText(readTree(dir))).toEqual(asText(readTree(output)));
    });
    it(`${entry.name}: output type-checks against SDK 1.26 with no new errors`, () => {
      const before = diagnostics(copyTree(entry.input, `${entry.name}-types-in`));
      const after = diagnostics(copyTree(output, `${entry.name}-types-out`));
      // The trees must really see the SDK's types, not pass by resolving nothing.
      expect(before.filter((line) => line.includes('Cannot find module'))).toEqual([]);
      expect(after.filter((line) => !before.includes(line))).toEqual([]);
    }, 180_000);
  }
});

/** `MCP_ISOLATE_PROJECT_FUZZ_ROUNDS=60 npx vitest run __tests__/projects.test.ts -t fuzzed` runs more. */
describe('fuzzed project trees', () => {
  // Variations that mean the same in every module: comments, blank lines, CRLF, unrelated
  // statements. (Renames and wrapping would change what the modules export to each other.)
  const random = seededRandom(20261125);
  const operations = ['comments', 'blank-lines', 'crlf', 'noise'] as const;
  for (const entry of projectCases()) {
    const inputTree = readTree(entry.input);
    const expectedChanged = entry.output
      ? [...readTree(entry.output)].filter(([path, bytes]) => !inputTree.get(path)?.equals(bytes)).map(([path]) => path).sort()
      : [];
    for (let round = 0; round < Number(process.env.MCP_ISOLATE_PROJECT_FUZZ_ROUNDS ?? 2); round++) {
      const variants = new Map(
        [...inputTree]
          .filter(([path]) => /\.[cm]?[jt]sx?$/.test(path))
          .map(([path, bytes]) => [path, makeVariant(path, bytes.toString('utf8'), random, operations).source] as const),
      );
      it(`${entry.name} #${round}: rewrites the same modules, the output parses, a second run changes nothing`, async () => {
        const dir = copyTree(entry.input, `${entry.name}-fuzz`);
        for (const [path, text] of variants) writeFileSync(join(dir, path), text);
        const first = await rewriteTree(dir);
        expect(first.files.filter((file) => file.error)).toEqual([]);
        // An internal failure of the pass across modules is reported, never thrown: none here.
        expect(first.files.flatMap((file) => file.findings).filter((finding) => finding.message.includes('please report this'))).toEqual([]);
        expect(first.files.filter((file) => file.changed).map((file) => file.path).sort()).toEqual(expectedChanged);
        const second = await rewriteTree(dir);
        expect(second.files.filter((file) => file.changed || file.error)).toEqual([]);
      });
    }
  }
});
