/*
 * Prints a module after its edits. recast reuses the original text of every node the
 * rewrite did not touch; what it prints itself follows the file's style. Text inside
 * template literals is never re-indented, wherever the code moved.
 */
import * as recast from 'recast';
import type { AnyNode, SourceModule } from '../scan/module.js';
import type { Style } from './style.js';
import { lockLiteralLines } from './lock-templates.js';

export function printModule(module: SourceModule, style: Style): string {
  lockLiteralLines(module.file, [...module.paths('TemplateLiteral'), ...module.paths('StringLiteral')].map((path) => path.node));
  indentFromOwnLines(module);
  let output = recast.print(module.file as AnyNode, style.print).code;
  output = keepShebang(module.text, keepDirectivePrologue(module.text, output));
  output = keepAwaitAsWritten(module.text, output);
  if (!style.semi) output = noSemicolonBeforeBlockEnd(output);
  if (style.print.useTabs) output = tabsForPrintedIndent(module.text, output, style.print.tabWidth ?? 4);
  return output;
}

/**
 * recast re-indents a reprinted node by the indentation of the nearest ancestor that
 * starts a line, so a callback in `http\n  .createServer(async () => {...})` loses a
 * level. The indentation of the node's own first line is the right one.
 */
function indentFromOwnLines(module: SourceModule): void {
  for (const path of module.allPaths()) {
    const loc = path.node.loc as AnyNode;
    if (loc?.lines && !/Comment/.test(path.node.type)) loc.indent = loc.lines.getIndentAt(loc.start.line);
  }
}

/**
 * recast indents the first statement of a reprinted block with spaces even when
 * told to use tabs. Lines that exist verbatim in the original (template literals
 * included) are never touched.
 */
function tabsForPrintedIndent(before: string, after: string, tabWidth: number): string {
  const originalLines = new Set(before.split(/\r?\n/));
  return after
    .split('\n')
    .map((line) => {
      const match = /^( +)(\S.*)?$/.exec(line.replace(/\r$/, ''));
      if (!match || originalLines.has(line.replace(/\r$/, '')) || (match[1] as string).length % tabWidth !== 0) return line;
      return '\t'.repeat((match[1] as string).length / tabWidth) + line.slice((match[1] as string).length);
    })
    .join('\n');
}

/** recast prints a `#!` line without its line end when the Program is reprinted. */
function keepShebang(before: string, after: string): string {
  const original = /^#![^\r\n]*(\r?\n)/.exec(before);
  if (!original || after.startsWith(original[0])) return after;
  const line = original[0].slice(0, -(original[1] as string).length);
  return after.startsWith(line) ? original[0] + after.slice(line.length).replace(/^[ \t]*/, '') : after;
}

/** recast prints a reprinted Program's `'use strict';` directive with a second semicolon and no blank line after it. */
function keepDirectivePrologue(before: string, after: string): string {
  const original = /^(['"])use strict\1;(\r?\n)(\r?\n)?/.exec(before);
  if (!original) return after;
  const printed = /^(['"])use strict\1;;?(\r?\n)(\r?\n)?/.exec(after);
  if (!printed) return after;
  return original[0] + after.slice(printed[0].length);
}

/**
 * recast wraps `await x` in parentheses inside a `||` or `&&` it reprints
 * (`JSON.parse(await read() || '{}')` becomes `JSON.parse((await read()) || '{}')`), so a
 * line the rewrite only moved would differ from what the user wrote. A printed line that
 * is an input line once those parentheses go is written as the input had it (the output
 * is parsed and checked again before it is written).
 */
export function keepAwaitAsWritten(before: string, after: string): string {
  if (!after.includes('(await ')) return after;
  const written = new Set(before.split(/\r?\n/).map((line) => line.trim()));
  return after
    .split('\n')
    .map((line) => {
      const cr = line.endsWith('\r') ? '\r' : '';
      const body = cr ? line.slice(0, -1) : line;
      const text = body.trim();
      if (!text.includes('(await ') || written.has(text)) return line;
      const unwrapped = withoutAwaitParens(text);
      if (unwrapped === text || !written.has(unwrapped)) return line;
      return body.slice(0, body.length - body.trimStart().length) + unwrapped + cr;
    })
    .join('\n');
}

/** The text with each `(await ...)` pair of parentheses taken away. */
function withoutAwaitParens(text: string): string {
  let result = text;
  for (let at = result.indexOf('(await '); at >= 0; at = result.indexOf('(await ', at)) {
    let depth = 0;
    let close = -1;
    for (let index = at; index < result.length; index++) {
      const char = result[index];
      if (char === '(') depth++;
      else if (char === ')' && --depth === 0) {
        close = index;
        break;
      }
    }
    if (close < 0) return text;
    result = result.slice(0, at) + result.slice(at + 1, close) + result.slice(close + 1);
  }
  return result;
}

/**
 * recast ends a statement it reprints with `;` (`return {\n ...\n};`) even in a file
 * written without semicolons. Before a line that closes the enclosing block, the `;` can
 * go with no change of meaning (nothing follows that automatic semicolon insertion
 * could join it to).
 */
export function noSemicolonBeforeBlockEnd(output: string): string {
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.replace(/\r$/, '').trim() !== '};') continue;
    const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '');
    if (next !== undefined && next.trim().startsWith('}')) lines[index] = line.replace('};', '}');
  }
  return lines.join('\n');
}
