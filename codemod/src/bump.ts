/*
 * The workflow's shell step: raises @modelcontextprotocol/sdk in every package.json
 * under the target, exactly as `mcp-isolate` does (same rules, formatting kept, atomic
 * writes). Bundled into dist/bump.js so the package needs nothing installed.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { bumpPackageJson } from '../../lib/bump-sdk.js';
import { discover } from '../../lib/discover.js';

async function main() {
  const target = process.argv[2] ?? '.';
  const { packageJsons } = await discover([target], process.cwd());
  let failed = 0;
  for (const path of packageJsons) {
    try {
      const before = readFileSync(path, 'utf8');
      if (!before.includes('@modelcontextprotocol/sdk')) continue;
      const bump = bumpPackageJson(before);
      if (bump.source === undefined) continue;
      // Atomic: a temporary file beside it, renamed into place, with the same mode.
      const temporary = `${path}.mcp-isolate-${process.pid}`;
      writeFileSync(temporary, bump.source, { mode: statSync(path).mode });
      renameSync(temporary, path);
      for (const change of bump.changes) console.log(`bump ${path}: @modelcontextprotocol/sdk ${change.from} -> ${change.to} (${change.field})`);
    } catch (error) {
      failed++;
      console.error(`error ${path}: ${(error as Error).message}`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
