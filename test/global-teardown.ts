import { rmSync } from 'node:fs';
import { TMP } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __pg__?: { stop(): Promise<void> } }).__pg__?.stop();
  rmSync(TMP, { recursive: true, force: true });
}
