/*
 * The workflow's project step: the mcp-isolate engine over the whole target, as
 * `npx mcp-isolate --allow-dirty <target>` runs it (the pass across modules, the
 * per-file rewrite, the SDK bump), so the codemod package gives the CLI's result.
 * Bundled (codemod/rolldown.config.mjs) into dist/isolate.js: the package needs
 * nothing installed in the target.
 */
import { parseArgs } from 'node:util';
import { exitCodeOf, run } from '../../lib/run.js';
import { formatSummary } from '../../lib/summary.js';

// The workflow's params, interpolated into the step's command line.
const { values } = parseArgs({ options: { target: { type: 'string', default: '.' }, 'bump-unfixed': { type: 'string', default: 'true' } } });
const result = await run({
  paths: [values.target || '.'],
  cwd: process.cwd(),
  mode: 'write',
  bump: true,
  holdUnfixed: values['bump-unfixed'] === 'false',
  // codemod decides about a dirty tree (its own --allow-dirty) before any step runs.
  allowDirty: true,
  // One thread: a bundle has no worker file to start.
  jobs: 1,
});
process.stdout.write(`${formatSummary(result, { colors: false })}\n`);
process.exitCode = exitCodeOf(result);
