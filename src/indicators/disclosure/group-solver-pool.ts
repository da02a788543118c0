/**
 * Worker threads for the audit's large groups: their linear programs take seconds each, so they run
 * beside one another (one thread per core) and off the service's event loop, which keeps answering
 * requests while a publication is audited. The threads start when a group first needs one and stop
 * after a second without work, so that publications and dry runs in a row share them (a thread
 * takes a while to load HiGHS) and an idle service holds none.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../common/worker-thread';
import type { GroupProblem, GroupSolution } from './group-solver';

export interface SolverThreads {
  solve(problem: GroupProblem): Promise<GroupSolution>;
}

type Answer = { id: number; ok: true; solution: GroupSolution } | { id: number; ok: false; message: string };

interface Thread {
  worker: Worker;
  busy: number;
}

interface Pending {
  resolve: (solution: GroupSolution) => void;
  reject: (error: Error) => void;
  thread: Thread;
}

/** One thread per core, at most four. */
const THREADS = Math.max(1, Math.min(availableParallelism(), 4));
const STOP_WHEN_IDLE_MS = 1000;

let shared: SolverThreads | undefined;

/** The process's solver threads. */
export function solverThreads(): SolverThreads {
  return (shared ??= startSolverThreads());
}

function startSolverThreads(): SolverThreads {
  let threads: Thread[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let idle: NodeJS.Timeout | undefined;
  const stopWhenIdle = () => {
    clearTimeout(idle);
    if (pending.size) return;
    idle = setTimeout(() => {
      const stopping = threads;
      threads = [];
      for (const t of stopping) void t.worker.terminate();
    }, STOP_WHEN_IDLE_MS).unref();
  };

  const startThread = (): Thread => {
    const worker = startWorker(__filename, 'group-solver-worker', { stdout: false, stderr: false });
    const thread: Thread = { worker, busy: 0 };
    worker.on('message', (answer: Answer) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      thread.busy -= 1;
      stopWhenIdle();
      if (answer.ok) job.resolve(answer.solution);
      else job.reject(new Error(`disclosure audit: ${answer.message}`));
    });
    // A thread that fails takes its jobs with it; the next job starts another in its place.
    const fail = (error: Error) => {
      threads = threads.filter((t) => t !== thread);
      for (const [id, job] of pending) {
        if (job.thread !== thread) continue;
        pending.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`disclosure audit: a solver thread stopped (exit code ${code})`)));
    return thread;
  };

  return {
    solve(problem) {
      clearTimeout(idle);
      while (threads.length < THREADS) threads.push(startThread());
      const thread = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, thread });
        thread.busy += 1;
        thread.worker.postMessage({ id, problem });
      });
    },
  };
}
