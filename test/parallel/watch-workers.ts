/**
 * The workers an `evaluateWithHooks` call starts, each with whether it has stopped. `onStop`
 * arranges for `stopped` to be called when the worker stops: on `terminate()` for a Web Worker,
 * on its `'exit'` event for a Node worker thread.
 */
export function watchWorkers(onStop: (worker: unknown, stopped: () => void) => void) {
  const workers: { stopped: boolean }[] = [];
  return {
    workers,
    onWorker: (worker: unknown) => {
      const entry = { stopped: false };
      workers.push(entry);
      onStop(worker, () => {
        entry.stopped = true;
      });
    },
  };
}
