/**
 * Visibility queries over tracked operations: the filter the client API and the CLI share, and the ready-made
 * queries people paste into the Temporal UI's search box. The attribute names come from the search attribute
 * definitions, so a renamed attribute cannot leave a stale query behind.
 */
import { TRACK_JOB_OPERATION_WORKFLOW } from '../workflows/definitions';
import { CREDENTIALS_WAIT_KEY } from '../workflows/budget';
import type { ErrorCategory, JobOperation, OperationOutcome } from '../workflows/domain';
import { ERROR_CATEGORY, EXTERNAL_JOB_ID, OPERATION, OUTCOME, WAITING_FOR } from '../workflows/search-attributes';

/** Which tracked operations to list or act on. Every field given narrows the selection (they are ANDed). */
export interface OperationFilter {
  /** The operation's outcome; only completed operations have one. */
  outcome?: OperationOutcome;
  /** An error category of one of its failed tasks (an operation can have several). */
  category?: ErrorCategory;
  operation?: JobOperation;
  externalJobPostingId?: string;
  /** Exactly what it waits on an operator for, e.g. `BUDGET:contract:urn:li:contract:42` or `CREDENTIALS`. */
  waitingFor?: string;
  /** True: only operations waiting for an operator's resume or abandon, whatever they wait on. */
  awaitingOperator?: boolean;
  /** True: only running operations; false: only closed ones. */
  running?: boolean;
  /** Started at or after this time. */
  since?: Date;
  /** Started before this time. */
  until?: Date;
  /** A raw visibility query (e.g. one of READY_QUERIES), ANDed with the other fields. */
  query?: string;
  /** At most this many operations, most recently started first (listOperations only). */
  limit?: number;
}

/**
 * A string literal of Temporal's SQL-like query language. Quotes and backslashes are escaped as the language
 * defines; note that the dev server's SQLite visibility store does not match values containing either.
 */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Visibility stores compare datetimes as RFC 3339 strings; milliseconds keep `since` exact. */
function queryTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in operation filter');
  return quoteQueryValue(date.toISOString());
}

/** The visibility query selecting the filter's operations (never other workflow types, such as budget alerts). */
export function buildVisibilityQuery(filter: OperationFilter = {}): string {
  const clauses = [`WorkflowType = ${quoteQueryValue(TRACK_JOB_OPERATION_WORKFLOW)}`];
  const equals = (attribute: string, value: string | undefined): void => {
    if (value !== undefined) clauses.push(`${attribute} = ${quoteQueryValue(value)}`);
  };
  equals(OUTCOME.name, filter.outcome);
  // For a KeywordList attribute, `=` means "contains".
  equals(ERROR_CATEGORY.name, filter.category);
  equals(OPERATION.name, filter.operation);
  equals(EXTERNAL_JOB_ID.name, filter.externalJobPostingId);
  equals(WAITING_FOR.name, filter.waitingFor);
  // The workflow clears the attribute to "" when the wait ends; operations that never waited do not have it.
  if (filter.awaitingOperator) clauses.push(`${WAITING_FOR.name} != ""`);
  if (filter.running !== undefined) clauses.push(`ExecutionStatus ${filter.running ? '=' : '!='} "Running"`);
  if (filter.since) clauses.push(`StartTime >= ${queryTime(filter.since)}`);
  if (filter.until) clauses.push(`StartTime < ${queryTime(filter.until)}`);
  if (filter.query?.trim()) clauses.push(`(${filter.query.trim()})`);
  return clauses.join(' AND ');
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A query for the UI's search box. Visibility queries have no relative time, so "last day" is computed at `now`. */
export interface ReadyQuery {
  description: string;
  query(now?: Date): string;
}

const closedInTheLastDay = (now: Date): string => `CloseTime >= ${queryTime(new Date(now.getTime() - DAY_MS))}`;

/** Every outcome but these needs someone to look at it. */
const SUCCESSFUL_OUTCOMES: readonly OperationOutcome[] = ['SUCCEEDED', 'PROCESSED'];

/** Ready-made queries, by name: `list --query <name>` on the command line, or pasted into the UI's search box. */
export const READY_QUERIES = {
  'duplicates-last-day': {
    description: 'operations that closed in the last 24 hours with a location LinkedIn refused as a duplicate',
    query: (now = new Date()) => `${ERROR_CATEGORY.name} = "DUPLICATE" AND ${closedInTheLastDay(now)}`,
  },
  'waiting-on-budget': {
    description: 'running operations waiting for an operator after a spent budget (resume or abandon them)',
    query: () => `ExecutionStatus = "Running" AND ${WAITING_FOR.name} STARTS_WITH "BUDGET:"`,
  },
  'waiting-on-credentials': {
    description: 'running operations waiting for LinkedIn to accept the credentials again (fix them, then resume)',
    query: () => `ExecutionStatus = "Running" AND ${WAITING_FOR.name} = ${quoteQueryValue(CREDENTIALS_WAIT_KEY)}`,
  },
  'timed-out': {
    description: 'operations whose tasks were still IN_PROGRESS at the tracking deadline',
    query: () => `${OUTCOME.name} = "TIMED_OUT"`,
  },
  'failed-last-day': {
    description: 'operations that closed in the last 24 hours without succeeding, the workflows that failed included',
    query: (now = new Date()) =>
      `WorkflowType = ${quoteQueryValue(TRACK_JOB_OPERATION_WORKFLOW)} AND ${closedInTheLastDay(now)} AND ` +
      `(${OUTCOME.name} NOT IN (${SUCCESSFUL_OUTCOMES.map(quoteQueryValue).join(', ')}) ` +
      `OR ExecutionStatus IN ("Failed", "Terminated", "TimedOut", "Canceled"))`,
  },
} as const satisfies Record<string, ReadyQuery>;

export type ReadyQueryName = keyof typeof READY_QUERIES;

export function isReadyQueryName(name: string): name is ReadyQueryName {
  return Object.hasOwn(READY_QUERIES, name);
}
