import { Context } from '@temporalio/activity';

/**
 * Runs `work` with a heartbeat every second from `quietMs` on (by default its first second), so a worker that dies
 * during it is noticed within the heartbeat timeout. Each heartbeat that reaches the server is a billed action (the
 * SDK sends at most one per 80 % of the timeout): work that ends within its quiet time records none.
 */
export async function heartbeating<T>(work: () => Promise<T>, quietMs = 1000): Promise<T> {
  const ctx = Context.current();
  let beat: NodeJS.Timeout | undefined;
  const begin = setTimeout(() => {
    ctx.heartbeat();
    beat = setInterval(() => ctx.heartbeat(), 1000);
  }, quietMs);
  try {
    return await work();
  } finally {
    clearTimeout(begin);
    clearInterval(beat);
  }
}
