/*
 * One file's text through the engine, synchronously: for tools that hand over one
 * file at a time (jscodeshift, codemod's jssg). The file is a project of one module;
 * the modules it imports are read from disk to judge them, never changed, and
 * tsconfig `paths` are not followed (those tools' loaders cannot load TypeScript).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FileOutcome, isolate } from './engine.js';
import { mentionsSdk } from './scan/sdk-classes.js';
import { decodeSource } from './text.js';

export function isolateFileText(path: string, text: string): FileOutcome | undefined {
  if (!mentionsSdk(text)) return undefined;
  const absolute = resolve(path);
  return isolate({
    seeds: [absolute],
    files: { sources: [absolute], read: (candidate) => (candidate === absolute ? text : readDecoded(candidate)) },
    editable: (candidate) => candidate === absolute,
  }).get(absolute);
}

function readDecoded(path: string): string | undefined {
  try {
    if (statSync(path).size > 2 * 1024 * 1024) return undefined;
    return decodeSource(readFileSync(path)).text;
  } catch {
    return undefined;
  }
}
