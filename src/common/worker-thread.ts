/**
 * Starts a worker thread from a module beside the caller, in the built service (.js) and under
 * ts-jest, where the service runs from its TypeScript sources: there Node loads the worker's .ts
 * files itself (type stripping), with their extensionless relative imports resolved to .ts files.
 * A worker's modules must therefore be erasable TypeScript (no enums, no parameter properties).
 */
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `callerFile` is the caller's __filename; `name` the worker module's name without extension. */
export function startWorker(callerFile: string, name: string, options: WorkerOptions): Worker {
  const file = path.join(path.dirname(callerFile), `${name}${path.extname(callerFile)}`);
  if (!file.endsWith('.ts')) return new Worker(file, options);
  return new Worker(typescriptWorker(file), { ...options, eval: true });
}

function typescriptWorker(file: string): string {
  return `
const { registerHooks } = require('node:module');
registerHooks({
  resolve(specifier, context, next) {
    try { return next(specifier, context); } catch (error) {
      if (specifier.startsWith('.')) return next(specifier + '.ts', context);
      throw error;
    }
  },
});
require(${JSON.stringify(file)});`;
}
