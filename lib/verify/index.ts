export { verifyRewrite, type RewrittenFile, type VerifyOptions } from './verify.js';
import { verifyRewrite } from './verify.js';

/**
 * The first problem the self-check finds in one rewritten file, or undefined. Used
 * where a file is rewritten on its own: the imports it reads are not followed.
 */
export function selfCheck(path: string, before: string, after: string): string | undefined {
  const problems = verifyRewrite([{ path, before, after }], { sources: [path], read: () => undefined }, { connects: false });
  return [...problems.values()][0]?.[0];
}
