import { MultilabelError, type MultilabelErrorCode } from '../core/errors.js';
import { isNode, nodeModule } from './node-module.js';
import type { FromWorker, Task, TaskResult, ToWorker, WorkerInputs } from './worker-tasks.js';

/**
 * The workers of parallel evaluation: started in Node (`worker_threads`) or in browsers (module
 * Web Workers), fed tasks from one queue, always terminated.
 *
 * @internal
 * @module
 */

/** One started worker, whatever the platform. */
interface PoolWorker {
  post(message: ToWorker): void;
  /** Ends the worker; resolves once it has exited. */
  terminate(): Promise<void>;
}

/** Test hooks of the pool. @internal */
export interface PoolHooks {
  /** Called with every worker started (a `worker_threads` Worker or a Web Worker). */
  onWorker?: (worker: unknown) => void;
  /** The index of a task that throws in its worker. */
  faultyTask?: number;
}

interface Listeners {
  message(message: FromWorker): void;
  failure(error: unknown): void;
}

/**
 * The worker script next to this module, of the same kind: `.js` (ESM) or `.cjs` when built,
 * `.ts` from the sources.
 */
function nodeWorkerScript(): { url: URL | string; typescript: boolean } {
  const here = import.meta.url;
  if (typeof here === 'string' && here !== '') {
    const extension = /\.[cm]?[jt]s$/.exec(new URL(here).pathname)?.[0] ?? '.js';
    return {
      url: new URL(`./parallel-worker${extension}`, here),
      typescript: extension.endsWith('ts'),
    };
  }
  // A CommonJS bundle that leaves import.meta empty.
  return { url: `${__dirname}/parallel-worker.cjs`, typescript: false };
}

async function startNodeWorker(listeners: Listeners, hooks: PoolHooks): Promise<PoolWorker> {
  const { Worker } = await nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
  const { url, typescript } = nodeWorkerScript();
  // The process's options, but `--input-type` (of `node -e`), which a worker file refuses.
  const execArgv = process.execArgv.filter((option) => !option.startsWith('--input-type'));
  // From the sources (the test runner), the worker loads the TypeScript through tsx.
  const worker = typescript
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(String(url))}); });`,
        { eval: true, execArgv },
      )
    : new Worker(url, { execArgv });
  hooks.onWorker?.(worker);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  worker.on('message', listeners.message);
  worker.on('error', listeners.failure);
  worker.once('exit', (code) => {
    listeners.failure(new Error(`A parallel-evaluation worker exited early (code ${code}).`));
  });
  return {
    post: (message) => worker.postMessage(message),
    terminate: async () => {
      if (!exited) await worker.terminate();
      await exit;
    },
  };
}

function startWebWorker(listeners: Listeners, hooks: PoolHooks): PoolWorker {
  const worker = new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' });
  hooks.onWorker?.(worker);
  worker.onmessage = (event: MessageEvent<FromWorker>) => listeners.message(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    listeners.failure(new Error(`A parallel-evaluation worker failed: ${event.message}`));
  };
  return {
    post: (message) => worker.postMessage(message),
    terminate: async () => worker.terminate(),
  };
}

/** The error a worker reported, as the synchronous code would have thrown it. */
function rebuildError(error: { name: string; code?: string; message: string }): Error {
  if (error.name === 'MultilabelError' && error.code !== undefined) {
    return new MultilabelError(error.code as MultilabelErrorCode, error.message);
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/**
 * Starts `count` workers, gives each the inputs (made while the workers start), runs `tasks`
 * (in order of the queue, each on the next free worker) while the calling thread runs
 * `alongside`, and resolves with the tasks' results in task order. Every worker is terminated
 * before the promise settles, on success and on failure.
 *
 * @internal
 */
export async function runTasks(
  count: number,
  inputs: () => WorkerInputs,
  tasks: readonly Task[],
  hooks: PoolHooks,
  alongside: () => void,
): Promise<TaskResult[]> {
  const results: (TaskResult | undefined)[] = new Array(tasks.length);
  const workers: PoolWorker[] = [];
  let next = 0;
  let done = 0;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A failure after the calling thread's own work threw is not one to report.
  finished.catch(() => undefined);
  const give = (worker: PoolWorker) => {
    if (next >= tasks.length) return;
    const id = next++;
    worker.post({ type: 'task', id, task: tasks[id], fault: hooks.faultyTask === id || undefined });
  };
  try {
    for (let w = 0; w < count; w++) {
      let self: PoolWorker | undefined;
      const listeners: Listeners = {
        message: (message) => {
          if ('error' in message) {
            settle.reject(rebuildError(message.error));
            return;
          }
          results[message.id] = message.result;
          if (++done === tasks.length) settle.resolve();
          else if (self !== undefined) give(self);
        },
        failure: (error) => settle.reject(error),
      };
      self = isNode ? await startNodeWorker(listeners, hooks) : startWebWorker(listeners, hooks);
      workers.push(self);
    }
    const shared = inputs();
    for (const worker of workers) worker.post({ type: 'inputs', inputs: shared });
    for (const worker of workers) give(worker);
    if (tasks.length === 0) settle.resolve();
    alongside();
    await finished;
    return results as TaskResult[];
  } finally {
    // Listeners stay attached: a late message or exit settles nothing any more.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
