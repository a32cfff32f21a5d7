/**
 * `metric` with `name` as its `name`. The functions made by a factory (`averagedCountMetric`,
 * `rankedRowMetric`, `topKMetric`, `lossFactory`, ...) are arrow functions; this gives
 * each the name of its public `const`, as a function declaration would have.
 *
 * @internal
 */
export function named<F extends (...args: never[]) => unknown>(name: string, metric: F): F {
  return Object.defineProperty(metric, 'name', { value: name });
}
