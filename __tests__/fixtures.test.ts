/**
 * Every fixture runs three ways (as OpenRewrite's RewriteTest does):
 * input -> output, output -> unchanged (idempotence), and no-change-* -> unchanged.
 * Fixtures are found automatically under __testfixtures__/<transform>/.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error jscodeshift ships no types for its test utilities
import { applyTransform } from 'jscodeshift/dist/testUtils';
import transform from '../transforms/isolate-mcp-server.js';
import { processSource } from '../lib/process-source.js';
import { parserFor } from '../lib/parsers.js';

const FIXTURES = join(import.meta.dirname, '..', '__testfixtures__');

function cases(transformName: string) {
  const dir = join(FIXTURES, transformName);
  return readdirSync(dir)
    .filter((file) => file.includes('.input.'))
    .sort()
    .map((file) => {
      const [name, ext] = file.split('.input.') as [string, string];
      const output = join(dir, `${name}.output.${ext}`);
      return { name, input: join(dir, file), output: existsSync(output) ? output : undefined, noChange: name.startsWith('no-change-') };
    });
}

async function rewrite(path: string, text: string): Promise<string | undefined> {
  const outcome = await processSource(path, Buffer.from(text));
  expect(outcome.error).toBeUndefined();
  return outcome.output;
}

// projects/ holds multi-file trees: __tests__/projects.test.ts runs those.
for (const transformName of readdirSync(FIXTURES).filter((name) => name !== 'projects')) {
  describe(transformName, () => {
    const all = cases(transformName);

    it('has fixtures, each with an output unless it is a no-change case', () => {
      expect(all.length).toBeGreaterThan(0);
      for (const entry of all) expect(Boolean(entry.output), entry.name).toBe(!entry.noChange);
    });

    for (const entry of all) {
      const input = readFileSync(entry.input, 'utf8');
      if (entry.noChange) {
        it(`${entry.name}: leaves the file byte-identical`, async () => {
          expect(await rewrite(entry.input, input)).toBeUndefined();
        });
        continue;
      }
      const expected = readFileSync(entry.output as string, 'utf8');
      it(`${entry.name}: input -> output`, async () => {
        expect(await rewrite(entry.input, input)).toBe(expected);
      });
      it(`${entry.name}: output is left unchanged (idempotent)`, async () => {
        expect(await rewrite(entry.output as string, expected)).toBeUndefined();
      });
      it(`${entry.name}: the plain jscodeshift transform agrees`, () => {
        const output = applyTransform({ default: transform, parser: parserFor(entry.input) }, {}, { source: input, path: entry.input }, { parser: parserFor(entry.input) });
        expect(output).toBe(expected.trim());
      });
    }
  });
}
