import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const INDEXED = temporal.api.enums.v1.IndexedValueType;
const TYPES = { Keyword: INDEXED.INDEXED_VALUE_TYPE_KEYWORD, Datetime: INDEXED.INDEXED_VALUE_TYPE_DATETIME, Int: INDEXED.INDEXED_VALUE_TYPE_INT };
const NOT_FOUND = 5;

/** Registers the namespace on a Temporal server that does not have it yet (a full server starts with none). */
export async function ensureNamespace(connection: Connection, namespace: string, retentionDays = 7): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_FOUND) throw err;
  }
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86400_000) });
  return true;
}

/** Registers the search attributes of CONTRACT §6 through the operator API; those already there are left alone. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !customAttributes?.[name]);
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, TYPES[type]])) });
  }
  return missing.map(([name]) => name);
}
