import { createRequire } from 'node:module';
import { parserFor } from './parsers.js';

type ParserName = ReturnType<typeof parserFor>;
type Checker = { parse: (code: string) => unknown };
type MakeChecker = () => Checker;

const require = createRequire(import.meta.url);
const checkers = new Map<string, Checker>();
let provided: Partial<Record<ParserName, MakeChecker>> = {};

/**
 * The parsers given up front, for a bundle that has no node_modules to require them
 * from (the codemod package's project step). The CLI never calls this: it loads a
 * parser the first time a rewrite needs checking.
 */
export function provideParsers(makers: Record<ParserName, MakeChecker>): void {
  provided = makers;
}

/** Throws when the code does not parse: jscodeshift's own parser configuration for the file's kind, without recast on top. */
export function syntaxCheck(path: string, code: string): void {
  const name = parserFor(path);
  let checker = checkers.get(name);
  if (!checker) {
    const make = provided[name] ?? (require(`jscodeshift/parser/${name}.js`) as MakeChecker);
    checker = make();
    checkers.set(name, checker);
  }
  checker.parse(code);
}
