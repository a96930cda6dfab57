/**
 * Renovate's own config validator. Renovate 44 needs Node 24 and this project runs on
 * Node 20, so a pinned Renovate and a Node 24 from the npm registry are installed into
 * a cache folder, once per checkout, by the suite's global setup: before any test
 * starts (a 30-60 s download would otherwise run under a test's time limit, competing
 * with timing-sensitive tests for the CPU), with retries for a flaky network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const VALIDATOR_DIR = join(ROOT, 'node_modules', '.cache', 'mcp-isolate-renovate-validator');
export const RENOVATE_VERSION = '44.121.2';
const NODE_24 = '24.21.0';
/** Written only after a complete install: a half-finished one (killed, out of disk) is redone. */
const STAMP = join(VALIDATOR_DIR, `installed-renovate-${RENOVATE_VERSION}-node-${NODE_24}`);

export type Validator = { node: string; validator: string } | { error: string };

export function validatorPaths(): { node: string; validator: string } {
  return {
    node: join(VALIDATOR_DIR, 'node_modules', 'node', 'bin', 'node'),
    validator: join(VALIDATOR_DIR, 'node_modules', 'renovate', 'dist', 'config-validator.js'),
  };
}

/** Installs the validator unless a complete install is there; the paths, or why it could not be installed. */
export async function installValidator({ attempts = 3, log = (_: string) => {} } = {}): Promise<Validator> {
  const paths = validatorPaths();
  if (existsSync(STAMP) && existsSync(paths.node) && existsSync(paths.validator)) return paths;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    log(`installing Renovate ${RENOVATE_VERSION} and Node ${NODE_24} for the config validator (once per checkout), attempt ${attempt} of ${attempts}`);
    rmSync(VALIDATOR_DIR, { recursive: true, force: true });
    mkdirSync(VALIDATOR_DIR, { recursive: true });
    writeFileSync(join(VALIDATOR_DIR, 'package.json'), '{ "name": "renovate-validator", "private": true }\n');
    const install = spawnSync('npm', ['install', `renovate@${RENOVATE_VERSION}`, `node@${NODE_24}`, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: VALIDATOR_DIR,
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (install.status === 0 && existsSync(paths.node) && existsSync(paths.validator)) {
      writeFileSync(STAMP, `${new Date().toISOString()}\n`);
      return paths;
    }
    last = `${install.error?.message ?? ''}${install.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n') || `npm exited with ${install.status}`;
    // A registry hiccup usually passes: wait a little longer each time.
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, attempt * 10_000));
  }
  return { error: `could not install Renovate's validator after ${attempts} attempts: ${last}` };
}
