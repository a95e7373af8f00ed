// CPU time and memory of a child process from /proc (Linux): utime+stime in ms, current RSS and
// peak RSS (VmHWM) in MB. Sampled by the harness, identically for both schedulers.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

export interface ProcSample {
  cpuMs: number;
  rssMb: number;
  peakRssMb: number;
}

export function sample(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a process every `everyMs` and keeps the last sample (the one before it exits). */
export class ProcWatch {
  last: ProcSample | null = null;
  maxRssMb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, everyMs = 200) {
    this.poll();
    this.timer = setInterval(() => this.poll(), everyMs);
  }

  poll(): ProcSample | null {
    const s = sample(this.pid);
    if (s) {
      this.last = s;
      this.maxRssMb = Math.max(this.maxRssMb, s.peakRssMb, s.rssMb);
    }
    return s;
  }

  stop(): ProcSample | null {
    clearInterval(this.timer);
    this.poll();
    return this.last;
  }
}
