import { diffArrays } from 'diff';
/** Byte-level facts about a file that must survive a rewrite. */
export interface DecodedText {
  text: string;
  bom: boolean;
}

const BOM = '\uFEFF';

/**
 * Decodes UTF-8 strictly: a file that is not valid UTF-8, or that holds NUL bytes
 * (a binary file with a source extension), is refused rather than mangled.
 */
export function decodeSource(bytes: Buffer): DecodedText {
  if (bytes.includes(0)) throw new Error('binary file (contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8; left untouched');
  }
  const bom = text.startsWith(BOM);
  return { text: bom ? text.slice(1) : text, bom };
}

export function encodeSource({ text, bom }: DecodedText): string {
  return bom ? BOM + text : text;
}

/**
 * The printer writes one line ending everywhere. In a file that mixes them, every
 * line the rewrite kept gets its own ending back; new lines get the most common one.
 */
export function keepLineEndings(original: string, output: string): string {
  const crlf = original.match(/\r\n/g)?.length ?? 0;
  const lf = (original.match(/\n/g)?.length ?? 0) - crlf;
  if (crlf === 0 || lf === 0) return output;
  const dominant = crlf >= lf ? '\r\n' : '\n';
  const before = splitLines(original);
  const after = splitLines(output);
  const parts: string[] = [];
  let beforeIndex = 0;
  let afterIndex = 0;
  for (const change of diffArrays(
    before.map((line) => line.text),
    after.map((line) => line.text),
  )) {
    const count = change.count ?? change.value.length;
    if (change.removed) {
      beforeIndex += count;
      continue;
    }
    for (let index = 0; index < count; index++) {
      const line = after[afterIndex++] as Line;
      const kept = change.added ? undefined : before[beforeIndex++];
      const ending = line.ending === '' ? '' : (kept?.ending || dominant);
      parts.push(line.text + ending);
    }
  }
  return parts.join('');
}

interface Line {
  text: string;
  ending: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0] === '' && match.index >= text.length) break;
    lines.push({ text: (match[1] as string).replace(/\r$/, ''), ending: match[2] as string });
  }
  return lines;
}
