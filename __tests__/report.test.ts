/**
 * Reports through the real CLI: the JSON report against its schema, SARIF against
 * the SARIF 2.1.0 schema (from @microsoft/jest-sarif, installed with the dev
 * dependencies: no network), the Markdown summary's order and size limit, and the
 * audit mode (--check --format sarif).
 */
import { createRequire } from 'node:module';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const require = createRequire(import.meta.url);
// CommonJS packages: required, so their default exports need no interop guesswork.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type AjvLike = { compile: (schema: object) => Validate };
const Ajv2020: new (options: object) => AjvLike = require('ajv/dist/2020').default;
const AjvDraft04: new (options: object) => AjvLike = require('ajv-draft-04').default;
const addFormats: (ajv: AjvLike) => void = require('ajv-formats').default;
const REPORT_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const SARIF_SCHEMA = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

/** A tree with one of everything: changed, needs review, unchanged SDK file, parse error, skipped, a bump. */
function mixedTree(): string {
  const dir = tempDir('mcp-isolate-report-');
  cpSync(join(FIXTURES, 'shape1-top-level-await.input.ts'), join(dir, 'changed.ts'));
  cpSync(join(FIXTURES, 'review-imported-server.input.ts'), join(dir, 'review.ts'));
  cpSync(join(FIXTURES, 'no-change-stdio.input.ts'), join(dir, 'stdio.ts'));
  writeFileSync(join(dir, 'broken.ts'), "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ ;\n");
  writeFileSync(join(dir, 'package.json'), '{\n  "dependencies": { "@modelcontextprotocol/sdk": "^1.20.0" }\n}\n');
  return dir;
}

function validator(schema: object, draft04 = false) {
  // The SARIF schema's `language` pattern is only valid without the `u` flag.
  const ajv = draft04 ? new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }) : new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('reports', () => {
  it('writes JSON, SARIF and Markdown in one run, each valid, and still prints the diff', () => {
    const dir = mixedTree();
    const before = snapshot(dir);
    const out = tempDir();
    // Paths after a --format still count as paths.
    const { code, stdout } = cli(dir, ['--dry', '--report', join(out, 'report'), '--format', 'json', '--format', 'sarif', '--format', 'markdown', '.']);
    expect(code).toBe(2);
    expect(stdout).toContain('diff --git a/changed.ts b/changed.ts');
    expect(snapshot(dir)).toEqual(before);
    expect(Object.keys(snapshot(out)).sort()).toEqual(['report.json', 'report.md', 'report.sarif']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).summary).toEqual({
      scanned: 4,
      changed: 2,
      needsReview: 1,
      failed: 1,
      skipped: 0,
      packagesChanged: 1,
      // review.ts keeps its shared server, and the package.json above it is bumped.
      packagesAtRisk: 1,
      packagesHeldBack: 0,
    });
  });

  it('the JSON report matches its schema and gives every file its status', () => {
    const dir = mixedTree();
    const out = join(tempDir(), 'report.json');
    const { code } = cli(dir, ['--dry', '--report', out]);
    expect(code).toBe(2);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const validate = validator(REPORT_SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const statuses = Object.fromEntries(report.files.map((file: { path: string; status: string }) => [file.path, file.status]));
    expect(statuses).toEqual({ 'broken.ts': 'parse-error', 'changed.ts': 'changed', 'review.ts': 'needs-review', 'stdio.ts': 'unchanged' });
    expect(report.tool.name).toBe('mcp-isolate');
    expect(report.options).toEqual({ paths: ['.'], mode: 'dry', bump: true, bumpUnfixed: true });
    expect(report.packages[0].changes).toEqual([{ field: 'dependencies', from: '^1.20.0', to: '^1.26.0' }]);
    const changed = report.files.find((file: { path: string }) => file.path === 'changed.ts');
    expect(changed.diff).toContain('+function createMcpServer() {');
    expect(changed.findings.map((finding: { rule: string; status: string }) => [finding.rule, finding.status])).toEqual([
      ['MCP-ISO-002', 'fixed'],
      ['MCP-ISO-001', 'fixed'],
    ]);
  });

  it('SARIF is valid 2.1.0, with one result per finding, one per package bumped over unfixed code, and repo-relative locations', () => {
    const dir = mixedTree();
    const out = join(tempDir(), 'results.sarif');
    cli(dir, ['--dry', '--report', out]);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const validate = validator(SARIF_SCHEMA, true);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = sarif.runs[0].results.filter((entry: { ruleId: string }) => entry.ruleId !== 'MCP-ISO-101');
    expect(results).toHaveLength(3);
    const atRisk = sarif.runs[0].results.filter((entry: { ruleId: string }) => entry.ruleId === 'MCP-ISO-101');
    expect(atRisk.map((entry: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => entry.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(['package.json']);
    const review = results.find((entry: { level: string }) => entry.level === 'error');
    expect(review.ruleId).toBe('MCP-ISO-002');
    expect(review.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'review.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 11, startColumn: 9 } });
    expect(sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['MCP-ISO-001', 'MCP-ISO-002', 'MCP-ISO-003', 'MCP-ISO-004', 'MCP-ISO-005', 'MCP-ISO-101']);
  });

  it('audit mode: --check --format sarif prints SARIF to stdout, writes nothing, exits 1', () => {
    const dir = tempDir('mcp-isolate-report-');
    cpSync(join(FIXTURES, 'shape1-top-level-await.input.ts'), join(dir, 'server.ts'));
    const before = snapshot(dir);
    const { code, stdout, stderr } = cli(dir, ['--check', '--format', 'sarif']);
    expect(code).toBe(1);
    const validate = validator(SARIF_SCHEMA, true);
    expect(validate(JSON.parse(stdout))).toBe(true);
    expect(stderr).toContain('1 would change');
    expect(snapshot(dir)).toEqual(before);
  });

  it('Markdown puts what needs review first and stays under 60 KB by leaving diffs out with a note', () => {
    const dir = tempDir('mcp-isolate-report-');
    cpSync(join(FIXTURES, 'review-imported-server.input.ts'), join(dir, 'a-review.ts'));
    const big = readFileSync(join(FIXTURES, 'shape9-setup-helpers-in-main.input.ts'), 'utf8');
    for (let index = 0; index < 60; index++) writeFileSync(join(dir, `server-${String(index).padStart(2, '0')}.ts`), big);
    const out = join(tempDir(), 'summary.md');
    cli(dir, ['--dry', '--report', out]);
    const markdown = readFileSync(out, 'utf8');
    expect(Buffer.byteLength(markdown)).toBeLessThan(60 * 1024);
    expect(markdown.indexOf('### Needs review')).toBeLessThan(markdown.indexOf('### Files'));
    expect(markdown).toMatch(/\| `a-review\.ts` \| \d+ \| MCP-ISO-002 \|/);
    expect(markdown).toContain('<details><summary><code>server-00.ts</code></summary>');
    expect(markdown).toMatch(/_\d+ more diffs left out to stay under 60 KB/);
  });
});

describe('README commands', () => {
  it('every mcp-isolate command shown in the README runs (exit 0, or 1 for --check) on the example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/npx (?:--yes )?mcp-isolate(?:@[\d.]+)? ([^#\n"]*)/g)].map((match) => (match[1] as string).trim());
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const command of commands) {
      const dir = tempDir('mcp-isolate-readme-');
      cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
      cpSync(join(ROOT, 'examples'), join(dir, 'src'), { recursive: true });
      // Redirections are the shell's job; the arguments are ours.
      const args = command.replace(/\s*>.*$/, '').split(/\s+/).filter(Boolean);
      const result = cli(dir, args);
      const expected = args.includes('--check') ? 1 : 0;
      expect(result.code, `mcp-isolate ${args.join(' ')}\n${result.stderr}`).toBe(expected);
    }
  });
});
