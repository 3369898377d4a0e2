export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds (jest's timeout bounds the wait). */
export async function until(check: () => Promise<boolean>, everyMs = 250) {
  while (!(await check())) await sleep(everyMs);
}
