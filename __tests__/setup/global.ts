/**
 * Runs once before any test file: tools the suite downloads are installed here, not
 * inside a test, so no test waits on the network under its own time limit.
 */
import type { TestProject } from 'vitest/node';
import { type Validator, installValidator } from '../support/renovate-validator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    renovateValidator: Validator;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const validator = await installValidator({ log: (line) => process.stderr.write(`[global setup] ${line}\n`) });
  if ('error' in validator) process.stderr.write(`[global setup] ${validator.error}\n`);
  // The Renovate tests fail with this error; the rest of the suite still runs.
  project.provide('renovateValidator', validator);
}
