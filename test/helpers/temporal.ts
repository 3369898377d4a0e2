import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { dataConverterFor, parsePayloadKeys } from '../../codec/payload-codec';
import { temporalClientOptions } from '../../config/temporal-client';
import { TEST_ENV } from './booking-fixtures';
import {
  BookingIdKey,
  BookingStatusKey,
  CustomerIdKey,
  SEARCH_ATTRIBUTES,
  SessionStartKey,
  SessionTypeKey,
  StandingKey,
  StrikeCountKey,
  ConversationStatusKey,
  SlaDueAtKey,
} from '../../workflows/search-attributes';

/** The payload codec every test client and worker uses (TEST_ENV's PAYLOAD_KEYS), as production processes do. */
export const testDataConverter = () => dataConverterFor(parsePayloadKeys(TEST_ENV.PAYLOAD_KEYS));
/** A test client's options: that codec, and the Update retry every client of ours has (config/temporal-client.ts). */
const testClientOptions = () => temporalClientOptions(parsePayloadKeys(TEST_ENV.PAYLOAD_KEYS));

function executable(path: string | undefined) {
  return path ? { type: 'existing-path' as const, path } : { type: 'cached-download' as const };
}

const INDEXED = temporal.api.enums.v1.IndexedValueType;
const TYPES = { Keyword: INDEXED.INDEXED_VALUE_TYPE_KEYWORD, Datetime: INDEXED.INDEXED_VALUE_TYPE_DATETIME, Int: INDEXED.INDEXED_VALUE_TYPE_INT };

/** The Java time-skipping test server, with the search attributes of CONTRACT §6 registered. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable(process.env.TEMPORAL_TEST_SERVER_PATH) },
    client: testClientOptions(),
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, TYPES[type]])),
  });
  return env;
}

/** A real Temporal dev server (the CLI), with the search attributes of CONTRACT §6 registered. */
export function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    client: testClientOptions(),
    server: {
      executable: executable(process.env.TEMPORAL_CLI_PATH),
      searchAttributes: [
        BookingIdKey,
        CustomerIdKey,
        SessionTypeKey,
        BookingStatusKey,
        SessionStartKey,
        StrikeCountKey,
        StandingKey,
        ConversationStatusKey,
        SlaDueAtKey,
      ],
    },
  });
}

/** The workflow bundle made once per test run by test/global-setup.ts. */
export function workflowBundle(): NonNullable<WorkerOptions['workflowBundle']> {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests through jest');
  return { codePath };
}

/** A payload of a history as JSON, decrypted with the tests' codec as the Web UI does through the codec endpoint. */
export async function decodedJson(payload: temporal.api.common.v1.IPayload): Promise<unknown> {
  const [plain] = await testDataConverter().payloadCodecs[0].decode([payload]);
  return JSON.parse(Buffer.from(plain.data!).toString('utf8'));
}
