/**
 * A worker thread of group-solver-pool.ts: solves the linear programs of the groups it is sent, one
 * at a time, with its own HiGHS instance. Imports only what Node's type stripping can load.
 */
import { parentPort } from 'node:worker_threads';
import loadHighs from 'highs';
import { solveGroup, type GroupProblem } from './group-solver';

const highs = loadHighs();

parentPort!.on('message', (job: { id: number; problem: GroupProblem }) => {
  highs.then(
    (h) => {
      try {
        parentPort!.postMessage({ id: job.id, ok: true, solution: solveGroup(h, job.problem) });
      } catch (error) {
        parentPort!.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) });
      }
    },
    (error: unknown) => parentPort!.postMessage({ id: job.id, ok: false, message: `HiGHS did not load: ${String(error)}` }),
  );
});
