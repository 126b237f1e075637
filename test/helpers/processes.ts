// Test helpers: whether a process still exists (for the "no worker left behind" checks).

/** True while `pid` exists (signal 0 probes without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
