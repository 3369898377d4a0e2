import { Context } from '@temporalio/activity';

/** Runs `work` with a heartbeat every second, so a worker that dies during it is noticed within the heartbeat timeout. */
export async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const beat = setInterval(() => ctx.heartbeat(), 1000);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
