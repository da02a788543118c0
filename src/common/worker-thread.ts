/**
 * Starts a worker thread from a module beside the caller, in the built service (.js) and under
 * ts-jest, where the service runs from its TypeScript sources: there Node loads the worker's .ts
 * files itself (type stripping), with their extensionless relative imports resolved to .ts files.
 * A worker's modules must therefore be erasable TypeScript (no enums, no parameter properties).
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The service runs with --max-semi-space-size=8 (package.json "start") for its own isolate. That
 * V8 flag is the whole process's, and V8 lets it override a worker's resourceLimits when the
 * worker's heap is made (Node 24): a worker limited to a young generation of 8 MB got semi-spaces
 * of 32 MB, 64 MB of young generation, when the flag was 32; an extract's Parquet thread held 90 MB of heap instead of
 * about 45 with its limit of 16 MB. The main isolate's heap was sized when it started and keeps
 * its semi-spaces; cleared, the flag leaves each worker started from now on to its own
 * resourceLimits (or V8's defaults).
 */
function leaveYoungGenerationToWorkers(): void {
  v8.setFlagsFromString('--max-semi-space-size=0');
}

/** `callerFile` is the caller's __filename; `name` the worker module's name without extension. */
export function startWorker(callerFile: string, name: string, options: WorkerOptions): Worker {
  leaveYoungGenerationToWorkers();
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
