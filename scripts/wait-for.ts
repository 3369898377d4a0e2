import { Connection } from '@temporalio/client';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the Temporal frontend at `address` answers its system info. */
export async function waitForTemporal(address: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer: ${(err as Error).message}`);
      await pause(300);
    }
  }
}

/** Waits until `url` answers 2xx; false when `timeoutMs` passes or `cancelled()` says to give up first. */
export async function waitForHealth(url: string, timeoutMs = 120000, cancelled: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await pause(500);
  }
  return false;
}
