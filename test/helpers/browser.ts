import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startTestStack } from './stack';

const run = promisify(execFile);
const INSTALLED = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const WHAT_TO_RUN = 'no Chromium for the browser tests: set CHROMIUM_PATH, or run `npx playwright-core install chromium` or `sudo apt-get install chromium`';
/** One test file obtains the browser at a time; the others wait for it and then find it. */
const LOCK = join(tmpdir(), 'support-sessions-chromium.lock');

const found = (): string | undefined => INSTALLED.find(existsSync) ?? (existsSync(chromium.executablePath()) ? chromium.executablePath() : undefined);

/** Obtains one: Playwright's own download where the internet allows it, then Debian's package where we are root. */
async function obtain(): Promise<void> {
  const cli = join(dirname(require.resolve('playwright-core/package.json')), 'cli.js');
  await run(process.execPath, [cli, 'install', 'chromium'], { timeout: 5 * 60_000 }).catch(() => undefined);
  if (found() || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, timeout: 5 * 60_000 }).catch(() => undefined);
  await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, timeout: 10 * 60_000 }).catch(() => undefined);
}

/** The browser to drive, in order: CHROMIUM_PATH, an installed Chromium, Playwright's download, Debian's package. */
export async function findChromium(): Promise<string> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted) {
    if (!existsSync(wanted)) throw new Error(`CHROMIUM_PATH=${wanted} does not exist`);
    return wanted;
  }
  for (let waited = 0; !found(); waited += 500) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (waited > 16 * 60_000) break; // another test file is obtaining it: wait for that
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      await obtain();
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    break;
  }
  const path = found();
  if (!path) throw new Error(WHAT_TO_RUN);
  return path;
}

/** Chromium, headless, quiet, with no network of its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await findChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Obtaining a browser may take minutes on a fresh machine (a download or an apt-get). */
export const BROWSER_SETUP_TIMEOUT_MS = 20 * 60_000;

/** The real stack and a browser for the test file: started before its tests, closed after them. */
export function useBrowserStack() {
  const ui = {} as { stack: Awaited<ReturnType<typeof startTestStack>>; browser: Browser };
  beforeAll(async () => {
    ui.stack = await startTestStack();
    ui.browser = await launchChromium();
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await ui.browser?.close();
    await ui.stack?.close();
  });
  return ui;
}
