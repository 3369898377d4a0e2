export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After this long, and each time again, a wait says what it is still waiting for (a timed-out test then names it). */
const TELL_AFTER_MS = 60_000;

/** Polls `check` until it holds (jest's timeout bounds the wait); a long wait prints the condition it waits on. */
export async function until(check: () => Promise<boolean>, everyMs = 250) {
  const began = Date.now();
  let told = 0;
  while (!(await check())) {
    const waited = Date.now() - began;
    if (waited >= (told + 1) * TELL_AFTER_MS) {
      told++;
      console.warn(`still waiting after ${Math.round(waited / 1000)} s for: ${String(check).replace(/\s+/g, ' ').slice(0, 400)}`);
    }
    await sleep(everyMs);
  }
}
