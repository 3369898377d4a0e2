// A child of `npm start` or `npm run cluster` must not outlive its stack: when the process that started it is gone
// (its parent pid changes, e.g. to 1 after a SIGKILL), it stops itself as if told to.

/** Calls `onOrphaned` once when this process's parent changes (checked every `everyMs`). No-op without a parent. */
export function watchParent(onOrphaned: () => void, everyMs = 1000): void {
  const parent = process.ppid;
  if (parent <= 1) return; // started by init or a container runtime: nothing to outlive
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, everyMs);
  timer.unref();
}
