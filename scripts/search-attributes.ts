/** Registers the project's custom search attributes on a Temporal server (idempotent). */
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../workflows/search-attributes';

const INDEXED_VALUE_TYPE = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

const GRPC_UNIMPLEMENTED = 12;

/** The time-skipping test server cannot list search attributes (it can add them): then nothing counts as known. */
async function registeredNames(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_UNIMPLEMENTED) return new Set();
    throw err;
  }
}

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const known = await registeredNames(connection, namespace);
  const missing = Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).filter(([name]) => !known.has(name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]])),
    });
  }
  return missing.map(([name]) => name);
}
