import { temporal } from '@temporalio/proto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `RECORD_HISTORIES=1 npx jest test/booking test/customer` refreshes the histories that test/booking/replay.test.ts replays. */
export async function record(name: string, handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // Plain JSON with numeric ids and base64 payloads (the SDK's protojson helpers trip over nested protobufjs copies).
  const plain = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, { longs: Number, bytes: String });
  writeFileSync(join(__dirname, '../histories', `${name}.json`), JSON.stringify(plain));
}
