/**
 * The SDK bump through the real CLI: a bump that reaches unfixed code says so in
 * every surface (summary, JSON, Markdown, SARIF) and is held back on request while
 * the other packages are still bumped; catalogs (pnpm, Yarn, Bun) are raised where
 * they live with every other byte kept; the summary names the lockfile's command.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli, removeTempDirs, snapshot, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

const require = createRequire(import.meta.url);
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv2020: new (options: object) => { compile: (schema: object) => Validate } = require('ajv/dist/2020').default;
const AjvDraft04: new (options: object) => { compile: (schema: object) => Validate } = require('ajv-draft-04').default;
const addFormats: (ajv: object) => void = require('ajv-formats').default;

const SDK = '@modelcontextprotocol/sdk';
/** One server imported from another module: marked for review, not rewritten (one shared instance left). */
const UNFIXED = readFileSync(join(FIXTURES, 'review-imported-server.input.ts'), 'utf8');
/** A shared server the rewrite fixes. */
const FIXABLE = readFileSync(join(FIXTURES, 'shape1-top-level-await.input.ts'), 'utf8');

function put(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const manifest = (name: string, spec: string) => `{\n  "name": "${name}",\n  "dependencies": {\n    "${SDK}": "${spec}"\n  }\n}\n`;

/**
 * `risky` still has a shared server after the rewrite; `fixed` has none left; the
 * package nested in `fixed` has unfixed code of its own (and is already on 1.26),
 * which must not count against `fixed`.
 */
function monorepo(): string {
  return put(tempDir('mcp-isolate-bump-'), {
    'package-lock.json': '{}\n',
    'packages/risky/package.json': manifest('risky', '^1.20.0'),
    'packages/risky/src/server.ts': UNFIXED,
    'packages/fixed/package.json': manifest('fixed', '^1.20.0'),
    'packages/fixed/src/server.ts': FIXABLE,
    'packages/fixed/examples/legacy/package.json': manifest('legacy', '^1.26.0'),
    'packages/fixed/examples/legacy/server.ts': UNFIXED,
  });
}

const AT_RISK = /at risk +packages\/risky\/package\.json: 1 shared server or transport is still unfixed in this package's code: after this bump to \^1\.26\.0 it fails at the second concurrent client until fixed \(packages\/risky\/src\/server\.ts\)/;

describe('a bump that reaches unfixed code', () => {
  it('bumps by default and says plainly which package is at risk, how many instances are left, and what happens on 1.26', () => {
    const dir = monorepo();
    const { code, stdout } = cli(dir);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(AT_RISK);
    expect(stdout).not.toMatch(/at risk +packages\/fixed/);
    expect(stdout).toContain('--no-bump-unfixed');
    const after = snapshot(dir);
    expect(after['packages/risky/package.json']).toBe(manifest('risky', '^1.26.0'));
    expect(after['packages/fixed/package.json']).toBe(manifest('fixed', '^1.26.0'));
  });

  it('--no-bump-unfixed holds back exactly that package, bumps the others, and lists the held one with the reason', () => {
    const dir = monorepo();
    const { code, stdout } = cli(dir, ['--no-bump-unfixed']);
    expect(code, stdout).toBe(0);
    const after = snapshot(dir);
    expect(after['packages/risky/package.json']).toBe(manifest('risky', '^1.20.0'));
    expect(after['packages/fixed/package.json']).toBe(manifest('fixed', '^1.26.0'));
    expect(stdout).toMatch(
      /held +packages\/risky\/package\.json: @modelcontextprotocol\/sdk \^1\.20\.0 not raised to \^1\.26\.0 \(dependencies\): 1 shared server or transport is still unfixed in this package's code, and on SDK 1\.26 it would fail at the second concurrent client/,
    );
    expect(stdout).toMatch(/bump +packages\/fixed\/package\.json: @modelcontextprotocol\/sdk \^1\.20\.0 -> \^1\.26\.0/);
    expect(stdout).toContain('1 package.json changed, 1 held back');
    expect(stdout).not.toMatch(/at risk/);
  });

  it('--check keeps exiting 1 while anything is unfixed, with or without the bump held back', () => {
    const dir = monorepo();
    expect(cli(dir, ['--check']).code).toBe(1);
    expect(cli(dir, ['--check', '--no-bump-unfixed']).code).toBe(1);
  });

  it('the JSON report (a field per package), the Markdown report and SARIF (a result per package) say it too', () => {
    const dir = monorepo();
    const out = tempDir();
    const { code } = cli(dir, ['--dry', '--report', join(out, 'report'), '--format', 'json', '--format', 'markdown', '--format', 'sarif']);
    expect(code).toBe(0);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const risky = report.packages.find((pkg: { path: string }) => pkg.path === 'packages/risky/package.json');
    expect(risky.unfixed).toEqual({
      instances: 1,
      files: [{ path: 'packages/risky/src/server.ts', instances: 1 }],
      bumped: true,
      message: "1 shared server or transport is still unfixed in this package's code: after this bump to ^1.26.0 it fails at the second concurrent client until fixed",
    });
    expect(report.packages.find((pkg: { path: string }) => pkg.path === 'packages/fixed/package.json').unfixed).toBeUndefined();
    expect(report.summary).toMatchObject({ packagesChanged: 2, packagesAtRisk: 1, packagesHeldBack: 0 });

    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('> [!WARNING]');
    expect(markdown).toContain("> - `packages/risky/package.json`: 1 shared server or transport is still unfixed in this package's code: after this bump to ^1.26.0 it fails at the second concurrent client until fixed (`packages/risky/src/server.ts`)");
    // Before everything else: the one thing a reviewer of the bump must not miss.
    expect(markdown.indexOf('[!WARNING]')).toBeLessThan(markdown.indexOf('### Needs review'));

    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
    const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const draft04 = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(draft04);
    const validateSarif = draft04.compile(sarifSchema);
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    const results = sarif.runs[0].results.filter((entry: { ruleId: string }) => entry.ruleId === 'MCP-ISO-101');
    expect(results).toHaveLength(1);
    expect(results[0].level).toBe('error');
    expect(results[0].message.text).toContain('after this bump to ^1.26.0 it fails at the second concurrent client');
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'packages/risky/package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 1 } });
    expect(sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('MCP-ISO-101');
  });

  it('with --no-bump-unfixed the JSON report lists the held-back package with its reason', () => {
    const dir = monorepo();
    const out = join(tempDir(), 'report.json');
    expect(cli(dir, ['--dry', '--no-bump-unfixed', '--report', out]).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const risky = report.packages.find((pkg: { path: string }) => pkg.path === 'packages/risky/package.json');
    expect(risky.changes).toEqual([]);
    expect(risky.diff).toBe('');
    expect(risky.heldBack).toEqual({ changes: [{ field: 'dependencies', from: '^1.20.0', to: '^1.26.0' }], reason: expect.stringContaining('1 shared server or transport is still unfixed') });
    expect(risky.unfixed.bumped).toBe(false);
    expect(report.options.bumpUnfixed).toBe(false);
    expect(report.summary).toMatchObject({ packagesChanged: 1, packagesAtRisk: 0, packagesHeldBack: 1 });
  });

  it('an override reaches the packages below it; a file that could not be written counts as unfixed', () => {
    const dir = put(tempDir('mcp-isolate-bump-'), {
      'package.json': `{\n  "name": "root",\n  "private": true,\n  "overrides": {\n    "${SDK}": "1.22.0"\n  }\n}\n`,
      'packages/app/package.json': '{ "name": "app" }\n',
      'packages/app/server.ts': FIXABLE,
    });
    // Read-only: the rewrite cannot land, so the shared server stays.
    const { chmodSync } = require('node:fs') as typeof import('node:fs');
    chmodSync(join(dir, 'packages/app/server.ts'), 0o444);
    const { code, stdout } = cli(dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/at risk +package\.json: 2 shared servers or transports are still unfixed in the code of packages\/app: after this bump to 1\.26\.0 they fail/);
  });
});

describe('catalogs', () => {
  const pnpmWorkspace = [
    'packages:',
    "  - 'packages/*'",
    '',
    '# One version of each shared dependency.',
    'catalog:',
    '  zod: ^3.25.76   # schemas',
    `  "${SDK}": ^1.20.0`,
    '',
    'catalogs:',
    '  # servers that still pin an older SDK',
    '  legacy:',
    `    '${SDK}': '~1.22.0' # do not float`,
    '  tooling: { typescript: ^5.9.3 }',
    '',
  ].join('\n');

  it('raises the pnpm default and named catalogs in pnpm-workspace.yaml, byte for byte outside the versions', () => {
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      'pnpm-workspace.yaml': pnpmWorkspace,
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'package.json': '{ "name": "root", "private": true }\n',
      'packages/api/package.json': manifest('api', 'catalog:'),
      'packages/api/src/server.ts': FIXABLE,
      'packages/old/package.json': manifest('old', 'catalog:legacy'),
    });
    const before = snapshot(dir);
    const { code, stdout } = cli(dir);
    expect(code, stdout).toBe(0);
    const after = snapshot(dir);
    expect(after['pnpm-workspace.yaml']).toBe(before['pnpm-workspace.yaml']?.replace(`"${SDK}": ^1.20.0`, `"${SDK}": ^1.26.0`).replace("'~1.22.0' # do", "'~1.26.0' # do"));
    // The packages keep their catalog: specs.
    expect(after['packages/api/package.json']).toBe(before['packages/api/package.json']);
    expect(after['packages/old/package.json']).toBe(before['packages/old/package.json']);
    expect(stdout).toMatch(/bump +pnpm-workspace\.yaml: @modelcontextprotocol\/sdk \^1\.20\.0 -> \^1\.26\.0 \(catalog\)/);
    expect(stdout).toMatch(/bump +pnpm-workspace\.yaml: @modelcontextprotocol\/sdk ~1\.22\.0 -> ~1\.26\.0 \(catalogs\.legacy\)/);
    expect(stdout).toMatch(/note +packages\/api\/package\.json: dependencies catalog:: raised in pnpm-workspace\.yaml \(catalog: \^1\.20\.0 -> \^1\.26\.0\)/);
    expect(stdout).toContain('run `pnpm install` to refresh it');
  });

  it('a catalog holds back only the entries whose users are unfixed', () => {
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      'pnpm-workspace.yaml': pnpmWorkspace,
      'packages/api/package.json': manifest('api', 'catalog:'),
      'packages/api/src/server.ts': UNFIXED,
      'packages/old/package.json': manifest('old', 'catalog:legacy'),
      'packages/old/src/server.ts': FIXABLE,
    });
    const { code, stdout } = cli(dir, ['--no-bump-unfixed']);
    expect(code, stdout).toBe(0);
    expect(readFileSync(join(dir, 'pnpm-workspace.yaml'), 'utf8')).toBe(pnpmWorkspace.replace("'~1.22.0' # do", "'~1.26.0' # do"));
    expect(stdout).toMatch(/held +pnpm-workspace\.yaml: @modelcontextprotocol\/sdk \^1\.20\.0 not raised to \^1\.26\.0 \(catalog\): 1 shared server or transport is still unfixed in the code of packages\/api/);
    expect(stdout).toMatch(/note +packages\/api\/package\.json: dependencies catalog:: held back in pnpm-workspace\.yaml/);

    // Without the option the catalog is raised, and the package that uses it is the one at risk.
    const bumped = cli(dir, ['--dry']);
    expect(bumped.stderr).toMatch(/at risk +packages\/api\/package\.json: 1 shared server or transport is still unfixed in this package's code/);
  });

  it("raises Bun's workspaces.catalog and workspaces.catalogs in the root package.json, byte for byte outside the versions", () => {
    const root = [
      '{',
      '  "name": "bun-monorepo",',
      '  "private": true,',
      '  "workspaces": {',
      '    "packages": ["packages/*"],',
      '    "catalog": {',
      `      "${SDK}": "^1.21.0",`,
      '      "zod": "^3.25.76"',
      '    },',
      '    "catalogs": {',
      `      "edge": { "${SDK}": "1.24.0", "hono": "^4.9.0" }`,
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      'package.json': root,
      'bun.lock': '{}\n',
      'packages/api/package.json': manifest('api', 'catalog:'),
      'packages/edge/package.json': manifest('edge', 'catalog:edge'),
    });
    const { code, stdout } = cli(dir);
    expect(code, stdout).toBe(0);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(root.replace('"^1.21.0"', '"^1.26.0"').replace('"1.24.0"', '"1.26.0"'));
    expect(readFileSync(join(dir, 'packages/api/package.json'), 'utf8')).toBe(manifest('api', 'catalog:'));
    expect(stdout).toMatch(/bump +package\.json: @modelcontextprotocol\/sdk \^1\.21\.0 -> \^1\.26\.0 \(workspaces\.catalog\)/);
    expect(stdout).toMatch(/bump +package\.json: @modelcontextprotocol\/sdk 1\.24\.0 -> 1\.26\.0 \(workspaces\.catalogs\.edge\)/);
    expect(stdout).toContain('this tree uses bun (bun.lock); run `bun install` to refresh it');
  });

  it("raises Yarn's catalog in .yarnrc.yml", () => {
    const yarnrc = `nodeLinker: node-modules\n\ncatalog:\n  "${SDK}": ^1.23.0 # shared\n`;
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      '.yarnrc.yml': yarnrc,
      'yarn.lock': '',
      'package.json': '{ "name": "root", "private": true, "workspaces": ["packages/*"] }\n',
      'packages/api/package.json': manifest('api', 'catalog:'),
    });
    const { code, stdout } = cli(dir);
    expect(code, stdout).toBe(0);
    expect(readFileSync(join(dir, '.yarnrc.yml'), 'utf8')).toBe(yarnrc.replace('^1.23.0', '^1.26.0'));
    expect(stdout).toMatch(/bump +\.yarnrc\.yml: @modelcontextprotocol\/sdk \^1\.23\.0 -> \^1\.26\.0 \(catalog\)/);
  });

  it('a catalog outside the paths given is not written: the package says where the version lives', () => {
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      'pnpm-workspace.yaml': pnpmWorkspace,
      'packages/api/package.json': manifest('api', 'catalog:'),
    });
    const { code, stdout } = cli(dir, ['packages/api']);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'pnpm-workspace.yaml'), 'utf8')).toBe(pnpmWorkspace);
    expect(stdout).toMatch(/note +packages\/api\/package\.json: dependencies catalog:: the version lives in pnpm-workspace\.yaml, outside the paths given; run mcp-isolate on the workspace root/);
  });

  it('a catalog that does not list the SDK gets a note, and nothing is written', () => {
    const dir = put(tempDir('mcp-isolate-catalog-'), {
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  zod: ^3.0.0\n',
      'packages/api/package.json': manifest('api', 'catalog:'),
    });
    const before = snapshot(dir);
    const { code, stdout } = cli(dir);
    expect(code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(stdout).toMatch(/note +packages\/api\/package\.json: dependencies catalog:: the default catalog of pnpm-workspace\.yaml does not list @modelcontextprotocol\/sdk; nothing raised/);
  });
});

describe('the lockfile hint', () => {
  it.each([
    ['package-lock.json', 'npm', 'npm install'],
    ['pnpm-lock.yaml', 'pnpm', 'pnpm install'],
    ['yarn.lock', 'yarn', 'yarn install'],
    ['bun.lock', 'bun', 'bun install'],
    ['bun.lockb', 'bun', 'bun install'],
  ])('after a bump, a tree with %s is told to run %s', (lockfile, manager, command) => {
    const dir = put(tempDir('mcp-isolate-lockfile-'), { [lockfile]: '', 'package.json': manifest('app', '^1.20.0') });
    const { code, stdout } = cli(dir);
    expect(code).toBe(0);
    expect(stdout).toContain(`The lockfile is not edited: this tree uses ${manager} (${lockfile}); run \`${command}\` to refresh it.`);
  });

  it('finds the lockfile at the workspace root above a bumped package, and says where to run the command', () => {
    const dir = put(tempDir('mcp-isolate-lockfile-'), { 'pnpm-lock.yaml': '', 'apps/one/package.json': manifest('one', '^1.20.0') });
    const { stdout } = cli(join(dir, 'apps'), ['one']);
    expect(stdout).toMatch(/this tree uses pnpm \(pnpm-lock\.yaml\); run `pnpm install` in \.\. to refresh it\./);
  });

  it('without a lockfile, packageManager names the manager, else the summary says none was found; no hint without a bump', () => {
    const declared = put(tempDir('mcp-isolate-lockfile-'), { 'package.json': `{ "packageManager": "yarn@4.10.3", "dependencies": { "${SDK}": "^1.20.0" } }\n` });
    expect(cli(declared).stdout).toContain('this tree uses yarn (packageManager in package.json); run `yarn install` to refresh it.');
    const none = put(tempDir('mcp-isolate-lockfile-'), { 'package.json': manifest('app', '^1.20.0') });
    expect(cli(none).stdout).toContain("The lockfile is not edited: no lockfile found; run your package manager's install.");
    const safe = put(tempDir('mcp-isolate-lockfile-'), { 'package-lock.json': '{}', 'package.json': manifest('app', '^1.26.0') });
    expect(cli(safe).stdout).not.toContain('lockfile');
  });
});
