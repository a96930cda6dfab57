/*
 * ts-morph, loaded on first use (a third of a second): only when a tsconfig can map
 * a bare specifier to the project's own files. Kept apart from the resolver so the
 * per-file transform, which runs inside other tools' loaders, never reaches it.
 */
import { createRequire } from 'node:module';
import type { LoadTypeScript } from './resolver.js';

const require = createRequire(import.meta.url);
let tsMorph: typeof import('ts-morph') | undefined;

export const loadTsMorph: LoadTypeScript = () => {
  tsMorph ??= require('ts-morph') as typeof import('ts-morph');
  return tsMorph;
};
