import { createRequire } from 'node:module';
import { parserFor } from './parsers.js';

const require = createRequire(import.meta.url);
const checkers = new Map<string, { parse: (code: string) => unknown }>();

/** Throws when the code does not parse: jscodeshift's own parser configuration for the file's kind, without recast on top. */
export function syntaxCheck(path: string, code: string): void {
  const name = parserFor(path);
  let checker = checkers.get(name);
  if (!checker) {
    const make = require(`jscodeshift/parser/${name}.js`) as () => { parse: (code: string) => unknown };
    checker = make();
    checkers.set(name, checker);
  }
  checker.parse(code);
}
