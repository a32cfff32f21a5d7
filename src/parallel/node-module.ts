/**
 * Node's built-in modules, loaded only where they are used, and out of sight of bundlers: a
 * browser build of the parallel entry must not try to resolve `node:worker_threads`.
 *
 * @internal
 * @module
 */

/** Whether this runs in Node (a worker thread included). @internal */
export const isNode: boolean =
  typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;

/**
 * The Node built-in module `name` (such as `'node:worker_threads'`): through
 * `process.getBuiltinModule` where Node has it, else a dynamic import of a name bundlers do not
 * follow.
 *
 * @internal
 */
export async function nodeModule<T>(name: string): Promise<T> {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof get === 'function') return get(name) as T;
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as T;
}
