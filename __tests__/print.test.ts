/**
 * recast's reprint quirks the printer undoes, so code the rewrite only moved reads as
 * the user wrote it.
 */
import { describe, expect, it } from 'vitest';
import { keepAwaitAsWritten, noSemicolonBeforeBlockEnd } from '../lib/edit/print.js';

describe('printing keeps what the user wrote', () => {
  const input = "async function load() {\n  return JSON.parse(await read('a.json') || '{}')\n}\n";

  it('takes away the parentheses recast puts around an await in a reprinted line', () => {
    const printed = "async function load() {\n    return JSON.parse((await read('a.json')) || '{}')\n}\n";
    expect(keepAwaitAsWritten(input, printed)).toBe("async function load() {\n    return JSON.parse(await read('a.json') || '{}')\n}\n");
  });

  it('keeps parentheses the input line did not lack (a line of its own, or written that way)', () => {
    const printed = "const ok = (await check()) || fallback\n";
    expect(keepAwaitAsWritten(input, printed)).toBe(printed);
    expect(keepAwaitAsWritten(printed, printed)).toBe(printed);
  });

  it('drops the `;` recast adds before a closing brace in a file without semicolons, and only there', () => {
    expect(noSemicolonBeforeBlockEnd('  return {\n    name: 1,\n  };\n}\n')).toBe('  return {\n    name: 1,\n  }\n}\n');
    const beforeCall = 'const a = {\n};\n(b || c).run()\n';
    expect(noSemicolonBeforeBlockEnd(beforeCall)).toBe(beforeCall);
  });
});
