export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __pg__?: { stop(): Promise<void> } }).__pg__?.stop();
}
