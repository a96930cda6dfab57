/**
 * Many more fuzz cases than CI runs: variations of every fixture input from a seed.
 *
 *   node dist/bench/fuzz.js [--count 5000] [--seed 1]
 *
 * Prints each failure (fixture, operations, what went wrong) and a count; exits 1 on any.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processSource } from '../lib/process-source.js';
import { makeVariant } from './fuzz-variants.js';
import { seededRandom } from './random.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '__testfixtures__', 'isolate-mcp-server');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

async function main() {
  const count = option('count', 5000);
  const seed = option('seed', 1);
  const random = seededRandom(seed);
  const inputs = readdirSync(FIXTURES).filter((name) => name.includes('.input.'));
  const sources = new Map(inputs.map((name) => [name, readFileSync(join(FIXTURES, name), 'utf8')]));
  let failures = 0;
  const started = Date.now();
  for (let index = 0; index < count; index++) {
    const name = inputs[Math.floor(random() * inputs.length)] as string;
    const variant = makeVariant(name, sources.get(name) as string, random);
    const path = join(FIXTURES, name);
    const first = await processSource(path, Buffer.from(variant.source));
    let problem: string | undefined;
    if (first.error) problem = `error: ${first.error}`;
    else if (name.startsWith('no-change-') && first.output !== undefined) problem = 'an unaffected variant changed';
    else if (!name.startsWith('no-change-') && first.output === undefined && first.findings.length === 0) problem = 'neither rewritten nor marked';
    else if (first.output !== undefined) {
      const second = await processSource(path, Buffer.from(first.output));
      if (second.error) problem = `second run: ${second.error}`;
      else if (second.output !== undefined) problem = 'not idempotent';
    }
    if (problem) {
      failures++;
      console.log(`FAIL #${index} ${name} (${variant.operations.join(', ')}): ${problem}`);
    }
  }
  console.log(`${count} variants from seed ${seed}: ${failures} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failures > 0 ? 1 : 0;
}

await main();
