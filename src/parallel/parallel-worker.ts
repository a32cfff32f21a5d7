import { isNode, nodeModule } from './node-module.js';
import { type FromWorker, type ToWorker, taskHandler } from './worker-tasks.js';

/**
 * The script of a parallel-evaluation worker: a `worker_threads` worker in Node, a module Web
 * Worker in browsers. It receives the inputs, then runs the tasks it is sent one at a time.
 *
 * @internal
 * @module
 */

interface WebScope {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
}

if (isNode) {
  nodeModule<typeof import('node:worker_threads')>('node:worker_threads').then(({ parentPort }) => {
    if (parentPort === null) return;
    const port = parentPort;
    const handle = taskHandler((message: FromWorker, transfer) =>
      port.postMessage(message, transfer),
    );
    port.on('message', handle);
  });
} else {
  const scope = globalThis as unknown as WebScope;
  const handle = taskHandler((message: FromWorker, transfer) =>
    scope.postMessage(message, transfer),
  );
  scope.onmessage = (event) => handle(event.data);
}
