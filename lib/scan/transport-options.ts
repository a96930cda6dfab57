/* What a transport's options say about it. */
import type { AnyNode } from './module.js';

/** No `sessionIdGenerator` (or `undefined`): one request per transport. A spread hides it: not stateless as far as we know. */
export function isStatelessOptions(options: AnyNode): boolean {
  if (!options) return true;
  if (options.type !== 'ObjectExpression') return false;
  const generator = options.properties.find(
    (prop: AnyNode) => (prop.type === 'ObjectProperty' || prop.type === 'ObjectMethod') && !prop.computed && (prop.key.name ?? prop.key.value) === 'sessionIdGenerator',
  );
  if (!generator) return !options.properties.some((prop: AnyNode) => prop.type === 'SpreadElement');
  const value = generator.value;
  return value?.type === 'Identifier' && value.name === 'undefined';
}
