import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startTestStack } from './stack';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, quiet, with no network of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The real stack and a browser for the test file: started before its tests, closed after them. */
export function useBrowserStack() {
  const ui = {} as { stack: Awaited<ReturnType<typeof startTestStack>>; browser: Browser };
  beforeAll(async () => {
    ui.stack = await startTestStack();
    ui.browser = await launchChromium();
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.stack?.close();
  });
  return ui;
}
