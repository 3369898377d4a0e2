import { temporal } from '@temporalio/proto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCRYPTED_ENCODING } from '../../codec/payload-codec';
import { testDataConverter } from './temporal';

type Plain = { [key: string]: unknown };
const ENCRYPTED_B64 = Buffer.from(ENCRYPTED_ENCODING).toString('base64');
const isEncrypted = (o: Plain) => typeof o.data === 'string' && (o.metadata as Plain | undefined)?.encoding === ENCRYPTED_B64;

/**
 * Every encrypted payload of a plain history, decrypted in place with the tests' codec: the replay worker has no codec
 * (histories from before the codec are plain), and a recorded file stays readable for what it holds (ids only).
 */
export async function decrypt(node: unknown): Promise<void> {
  if (Array.isArray(node)) {
    for (const x of node) await decrypt(x);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Plain;
  if (isEncrypted(o)) {
    const metadata = Object.fromEntries(Object.entries(o.metadata as Record<string, string>).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]));
    const [plain] = await testDataConverter().payloadCodecs[0].decode([{ metadata, data: new Uint8Array(Buffer.from(o.data as string, 'base64')) }]);
    o.metadata = Object.fromEntries(Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]));
    o.data = Buffer.from(plain.data ?? new Uint8Array()).toString('base64');
    return;
  }
  for (const v of Object.values(o)) await decrypt(v);
}

/** `RECORD_HISTORIES=1 npx jest test/booking test/customer` refreshes the histories that test/booking/replay.test.ts replays. */
export async function record(name: string, handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // Plain JSON with numeric ids and base64 payloads (the SDK's protojson helpers trip over nested protobufjs copies).
  const plain = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, { longs: Number, bytes: String });
  await decrypt(plain);
  writeFileSync(join(__dirname, '../histories', `${name}.json`), JSON.stringify(plain));
}
