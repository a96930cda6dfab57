/*
 * Babel's traverse. Node's ESM loader hands over the CommonJS `exports` object as the
 * default import (the function is its `default`); bundlers and test runners may hand
 * over the function itself.
 */
import babelTraverse from '@babel/traverse';

type Traverse = typeof babelTraverse.default;
const loaded = babelTraverse as unknown as { default?: Traverse } & Traverse;
export const traverse: Traverse = loaded.default ?? loaded;
