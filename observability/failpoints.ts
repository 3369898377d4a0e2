/**
 * Test-only crash points on the booking path: with SUPPORT_SESSIONS_FAILPOINT=<name>, this process is killed
 * (SIGKILL, as a machine dies) when it reaches that step. Unset, nothing happens.
 */
export type Failpoint = 'booking.after-admission' | 'booking.after-claim' | 'booking.before-release' | 'api.after-confirm';

export function failpoint(name: Failpoint): void {
  if (process.env.SUPPORT_SESSIONS_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
