// Publishing slots, as POST /v1/slots and the console's availability page both do it.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction, PG_EXCLUSION_VIOLATION, pgErrorCode } from '../db/pool';
import { insertSlot, type Slot } from '../db/slots';
import type { SessionType } from '../policy/types';
import { ApiError } from './errors';

export interface SlotInput {
  agentId: string;
  sessionType: SessionType;
  start: string;
  end: string;
}

export function createSlotService({ pool }: { pool: Pool }) {
  /** All or nothing: a slot in the past or overlapping one of the agent's is SLOT_UNAVAILABLE and none is created. */
  async function publish(inputs: SlotInput[]): Promise<Slot[]> {
    for (const s of inputs) {
      if (Date.parse(s.start) <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', 'A slot must start in the future', { start: s.start });
    }
    try {
      return await inTransaction(pool, async (tx) => {
        const out: Slot[] = [];
        for (const s of inputs) out.push(await insertSlot(tx, { id: `slot_${randomUUID()}`, ...s }));
        return out;
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_EXCLUSION_VIOLATION) throw new ApiError('SLOT_UNAVAILABLE', 'The agent already has a slot overlapping that time');
      throw err;
    }
  }
  return { publish };
}

export type SlotService = ReturnType<typeof createSlotService>;
