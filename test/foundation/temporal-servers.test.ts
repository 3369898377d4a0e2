import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createLocalEnv, createTimeSkippingEnv, testDataConverter } from '../helpers/temporal';
import { markStatus, sleepForDays } from '../fixtures/foundation-workflows';

let bundle: { code: string };
beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/foundation-workflows'), logger: quiet });
});

const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} };

describe('time-skipping test server (offline build)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow that sleeps 30 days to completion', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'foundation', workflowBundle: bundle, dataConverter: testDataConverter() });
    const slept = await worker.runUntil(
      env.client.workflow.execute(sleepForDays, { args: [30], taskQueue: 'foundation', workflowId: 'sleep-30-days' }),
    );
    expect(slept).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
  });
});

describe('dev server (offline build)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a run by a registered search attribute', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'foundation', workflowBundle: bundle, dataConverter: testDataConverter() });
    await worker.runUntil(async () => {
      await env.client.workflow.execute(markStatus, { args: ['scheduled'], taskQueue: 'foundation', workflowId: 'booking:f1' });
      let ids: string[] = [];
      for (let i = 0; i < 50 && ids.length === 0; i++) {
        ids = [];
        for await (const wf of env.client.workflow.list({ query: `BookingStatus = 'scheduled'` })) ids.push(wf.workflowId);
        if (ids.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ids).toEqual(['booking:f1']);
    });
  });
});
