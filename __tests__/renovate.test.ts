/**
 * The README's Renovate recipe, played the way Renovate runs it: the package.json is
 * already bumped (the tree is dirty), the command runs without a shell or a terminal,
 * rewrites the code, exits 0, and touches only files its fileFilters cover. The
 * command must also match the self-hosted allowedCommands regex from the README.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BIN, FIXTURES, ROOT, git, removeTempDirs, tempDir } from './support/cli-process.js';

afterAll(removeTempDirs);

/** The JSON block that follows an HTML comment marker in the README. */
function readmeJson(marker: string): any {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`no ${marker} block in the README`);
  return JSON.parse(match[1] as string);
}

/** Renovate's own validator, installed by the global setup (__tests__/support/renovate-validator.ts). */
function validate(dir: string, env: Record<string, string> = {}) {
  const installed = inject('renovateValidator');
  if ('error' in installed) throw new Error(installed.error);
  const { node, validator } = installed;
  const result = spawnSync(node, [validator, '--strict'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("Renovate's config validator", () => {
  it('accepts the README config and the self-hosted allowedCommands', () => {
    const dir = tempDir('mcp-isolate-renovate-config-');
    writeFileSync(join(dir, 'renovate.json'), JSON.stringify(readmeJson('renovate-config'), null, 2));
    writeFileSync(join(dir, 'global.json'), JSON.stringify(readmeJson('renovate-allowed-commands'), null, 2));
    const result = validate(dir, { RENOVATE_CONFIG_FILE: 'global.json' });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('Config validated successfully against 2 file(s)');
  }, 120_000);

  it('rejects a config with a misspelled option (so the check can fail)', () => {
    const dir = tempDir('mcp-isolate-renovate-config-');
    const config = readmeJson('renovate-config');
    config.packageRules[0].postUpgradeTask = config.packageRules[0].postUpgradeTasks;
    delete config.packageRules[0].postUpgradeTasks;
    writeFileSync(join(dir, 'renovate.json'), JSON.stringify(config, null, 2));
    const result = validate(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('postUpgradeTask');
  }, 120_000);
});

describe('Renovate recipe', () => {
  const config = readmeJson('renovate-config');
  const rule = config.packageRules[0];
  const allowed: string[] = readmeJson('renovate-allowed-commands').allowedCommands;

  it('targets the SDK and runs commands the self-hosted allowedCommands accept', () => {
    expect(rule.matchPackageNames).toEqual(['@modelcontextprotocol/sdk']);
    expect(rule.postUpgradeTasks.executionMode).toBe('branch');
    for (const command of rule.postUpgradeTasks.commands as string[]) {
      expect(allowed.some((pattern) => new RegExp(pattern).test(command)), command).toBe(true);
      // Renovate runs commands without a shell.
      expect(command).not.toMatch(/[|&;<>$`]/);
    }
  });

  it('after the bump, rewrites the code non-interactively, exits 0, and touches only filtered files', () => {
    const dir = tempDir('mcp-isolate-renovate-');
    cpSync(join(FIXTURES, 'shape2-half-fix.input.ts'), join(dir, 'server.ts'));
    writeFileSync(join(dir, 'package.json'), '{\n  "name": "app",\n  "dependencies": {\n    "@modelcontextprotocol/sdk": "^1.25.3"\n  }\n}\n');
    writeFileSync(join(dir, 'README.md'), '# app\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    // Renovate's own change, not committed yet when post-upgrade tasks run.
    const bumped = '{\n  "name": "app",\n  "dependencies": {\n    "@modelcontextprotocol/sdk": "^1.26.0"\n  }\n}\n';
    writeFileSync(join(dir, 'package.json'), bumped);

    for (const command of rule.postUpgradeTasks.commands as string[]) {
      // The published package, run from this checkout: `npx --yes mcp-isolate@X` is our bin.
      const args = command.split(' ');
      expect(args.slice(0, 3)).toEqual(['npx', '--yes', expect.stringMatching(/^mcp-isolate@\d+\.\d+\.\d+$/)]);
      const result = spawnSync(process.execPath, [BIN, ...args.slice(3)], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
      expect(result.status, result.stderr).toBe(0);
    }

    const touched = git(dir, 'status', '--porcelain')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    expect(touched.sort()).toEqual(['package.json', 'server.ts']);
    const filters = ignore().add(rule.postUpgradeTasks.fileFilters);
    // package.json is Renovate's own change; the command touched only code it may commit.
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(bumped);
    expect(touched.filter((path) => path !== 'package.json').every((path) => filters.ignores(path))).toBe(true);
    expect(readFileSync(join(dir, 'server.ts'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'shape2-half-fix.output.ts'), 'utf8'));
  });
});
