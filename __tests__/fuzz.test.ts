/**
 * Fuzzing from a fixed seed: variations of every fixture input that mean the same
 * thing. For each, the output parses, a second run changes nothing, and a variant
 * of a no-change input stays byte-identical. `node dist/bench/fuzz.js --count N`
 * runs many more.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processSource } from '../lib/process-source.js';
import { FIXTURES } from './support/cli-process.js';
import { makeVariant } from '../bench/fuzz-variants.js';
import { seededRandom } from '../bench/random.js';

const SEED = 20261124;
const VARIANTS_PER_INPUT = 6;

const inputs = readdirSync(FIXTURES)
  .filter((name) => name.includes('.input.'))
  .sort();

describe('fuzzed fixture inputs', () => {
  const random = seededRandom(SEED);
  const cases = inputs.flatMap((name) => {
    const source = readFileSync(join(FIXTURES, name), 'utf8');
    return Array.from({ length: VARIANTS_PER_INPUT }, (_, index) => ({ name, index, variant: makeVariant(name, source, random) }));
  });

  it(`generates ${inputs.length * VARIANTS_PER_INPUT} variants that really differ`, () => {
    const differing = cases.filter(({ name, variant }) => variant.source !== readFileSync(join(FIXTURES, name), 'utf8'));
    expect(differing.length).toBeGreaterThan(cases.length * 0.9);
  });

  it.each(cases.map((entry) => [`${entry.name} #${entry.index} (${entry.variant.operations.join(', ')})`, entry] as const))('%s', async (_label, { name, variant }) => {
    const path = join(FIXTURES, name);
    const first = await processSource(path, Buffer.from(variant.source));
    expect(first.error, variant.source).toBeUndefined();
    if (name.startsWith('no-change-')) {
      expect(first.output, 'a variant of an unaffected file changed').toBeUndefined();
      return;
    }
    expect(first.output ?? first.findings.length, 'an affected file was neither rewritten nor marked').toBeTruthy();
    if (first.output === undefined) return;
    const second = await processSource(path, Buffer.from(first.output));
    expect(second.error).toBeUndefined();
    expect(second.output, 'the second run changed the output again').toBeUndefined();
  });
});
