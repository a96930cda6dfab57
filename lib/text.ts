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
