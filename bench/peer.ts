/**
 * The peer: the same reminder burst through pg-boss, the PostgreSQL job queue a Node team would pick instead of
 * Temporal — one delayed job per reminder (`startAfter` = its due instant), sent with the project's own provider
 * clients (notify/providers.ts, real Mailgun and Twilio libraries) against the same fake, on the same PostgreSQL.
 * Its workers: 8 subscriptions polling every 0.5 s, up to 5 jobs each at once (pg-boss's defaults are one
 * subscription polling every 2 s).
 */
import { Duration } from 'luxon';
import { newPayloadKeys } from '../codec/payload-codec';
import { loadSettings } from '../config/settings';
import { createProviders } from '../notify/providers';
import type { Policy } from '../policy/types';
import { startProviderFake } from '../test/fakes/providers';
import type { ProviderFake } from './stack';
import { drainTimeoutMs, percentile, progress, sleep, waitFor } from './util';

export interface PeerResult {
  name: 'pg-boss';
  reminders: number;
  burstP50Ms: number | null;
  burstP99Ms: number | null;
  burstMaxMs: number | null;
  lost: number;
  duplicated: number;
  latenessMs: number[];
}

interface ReminderJob {
  key: string;
  channel: 'email' | 'sms';
  to: string;
  dueAt: string;
}

export async function measurePeer(
  databaseUrl: string,
  sessions: number,
  policy: Policy,
  stackFake: ProviderFake | undefined,
  run: string,
): Promise<PeerResult> {
  const { default: PgBoss } = await import('pg-boss');
  const fake = stackFake ?? (await startProviderFake());
  const settings = loadSettings({
    ...fake.env,
    LINK_SECRET: 'bench-link-secret-bench-link-secret-0000',
    API_KEYS: 'manager:unused-unused-unused-unused',
    PAYLOAD_KEYS: newPayloadKeys('peer'),
    LOG_LEVEL: 'silent',
  });
  const providers = createProviders(settings, () => undefined);
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'bench_pgboss', max: 10 });
  boss.on('error', (err) => progress(`peer: pg-boss error ${err.message}`));
  await boss.start();
  const queue = `reminders-${run}`;
  await boss.createQueue(queue);
  try {
    // The same shape as the engine's burst: every session starts at one instant, each reminder falls due at
    // start − before; the first falls due a few seconds after the jobs are queued.
    const offsets = policy.reminders.map((r) => ({
      channel: r.channel,
      ms: Duration.fromISO(r.before).toMillis(),
    }));
    const lead = Math.max(...offsets.map((o) => o.ms));
    const start = Date.now() + 10_000 + lead;
    const jobs: ReminderJob[] = [];
    for (let s = 0; s < sessions; s++) {
      for (const o of offsets) {
        const to =
          o.channel === 'sms' ? `+3469${String(s).padStart(7, '0')}` : `peer-${run}-${s}@bench.example.com`;
        jobs.push({
          key: `peer:${run}:${s}:${o.channel}:${o.ms}`,
          channel: o.channel,
          to,
          dueAt: new Date(start - o.ms).toISOString(),
        });
      }
    }
    await boss.insert(
      jobs.map((data) => ({
        name: queue,
        data,
        startAfter: new Date(data.dueAt),
        retryLimit: 5,
        retryDelay: 1,
      })),
    );
    progress(
      `peer: ${jobs.length} pg-boss jobs queued for ${sessions} sessions starting at ${new Date(start).toISOString()}`,
    );

    const send = async (job: ReminderJob) => {
      const text = `Reminder: your session starts soon. (${job.key})`;
      if (job.channel === 'sms') await providers.sendSms({ to: job.to, body: text, key: job.key });
      else
        await providers.sendEmail({
          to: job.to,
          subject: 'Reminder: your session',
          text,
          html: `<p>${text}</p>`,
          key: job.key,
        });
    };
    for (let i = 0; i < 8; i++) {
      await boss.work<ReminderJob>(queue, { batchSize: 5, pollingIntervalSeconds: 0.5 }, async (batch) => {
        await Promise.all(batch.map((j) => send(j.data)));
      });
    }
    const ours = () => fake.accepted().filter((a) => a.body.includes(`peer:${run}:`));
    await sleep(Math.max(0, start - Date.now()));
    await waitFor(
      async () => new Set(ours().map((a) => /\((peer:[^)]+)\)/.exec(a.body)?.[1])).size >= jobs.length,
      drainTimeoutMs(jobs.length),
      1000,
    );

    const firstAt = new Map<string, number>();
    let duplicated = 0;
    for (const a of ours()) {
      const key = /\((peer:[^)]+)\)/.exec(a.body)?.[1];
      if (!key) continue;
      if (firstAt.has(key)) duplicated += 1;
      else firstAt.set(key, a.at.getTime());
    }
    const latenessMs = jobs
      .filter((j) => firstAt.has(j.key))
      .map((j) => firstAt.get(j.key)! - Date.parse(j.dueAt));
    const result: PeerResult = {
      name: 'pg-boss',
      reminders: jobs.length,
      burstP50Ms: percentile(latenessMs, 50),
      burstP99Ms: percentile(latenessMs, 99),
      burstMaxMs: latenessMs.length ? Math.max(...latenessMs) : null,
      lost: jobs.length - firstAt.size,
      duplicated,
      latenessMs,
    };
    progress(
      `peer: p50 ${result.burstP50Ms} ms, p99 ${result.burstP99Ms} ms, lost ${result.lost}, duplicated ${duplicated}`,
    );
    return result;
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    if (!stackFake) await fake.close();
  }
}
