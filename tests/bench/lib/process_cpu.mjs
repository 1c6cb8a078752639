// CPU time of the processes this one started (e.g. a browser and its renderers and their threads),
// from /proc: on a shared machine the time a piece of work takes is whatever the scheduler gives,
// its CPU time is not. Linux only; null elsewhere. Processes that exited meanwhile are not counted.
import fs from 'node:fs';

const TICKS_PER_S = 100;  // USER_HZ, 100 on every Linux ABI

/** Milliseconds of user + system CPU used so far by this process's descendants, or null. */
export function descendantsCpuMs() {
  let entries;
  try { entries = fs.readdirSync('/proc'); } catch { return null; }
  const procs = new Map();
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');  // fields from the 3rd (state) on
      procs.set(Number(pid), { parent: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* exited meanwhile */ }
  }
  let ticks = 0;
  for (const [pid, p] of procs) {
    let up = p.parent;
    while (up > 1 && up !== process.pid) up = procs.get(up)?.parent ?? 0;
    if (up === process.pid && pid !== process.pid) ticks += p.ticks;
  }
  return (ticks * 1000) / TICKS_PER_S;
}
