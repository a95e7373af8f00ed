// The set of worker processes behind the process executor. Workers start on demand, up to the
// executor's slot count, and are reused. A worker that died or was killed is simply forgotten: the
// next attempt that needs one starts a fresh process in its place.
import { Worker } from './worker.js';

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private closed = false;

  constructor(private readonly tasksDir: string) {}

  /** An idle worker, or a new one once it is ready. Rejects if a new worker dies while starting. */
  async checkout(): Promise<Worker> {
    if (this.closed) throw new Error('worker pool is closed');
    const worker = this.idle.pop() ?? this.start();
    await worker.ready;
    return worker;
  }

  /** Returns a worker after a clean attempt; anything else should be killed instead. */
  checkin(worker: Worker): void {
    if (this.closed || !worker.alive) worker.stop();
    else this.idle.push(worker);
  }

  /** Stops idle workers and waits until every process, busy or dying, has exited. */
  async close(): Promise<void> {
    this.closed = true;
    for (const worker of this.idle.splice(0)) worker.stop();
    await Promise.all([...this.live].map((worker) => worker.exited));
  }

  private start(): Worker {
    const worker = new Worker(this.tasksDir);
    this.live.add(worker);
    void worker.exited.then(() => {
      this.live.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return worker;
  }
}
