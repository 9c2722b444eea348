/**
 * The options that select tracked operations, shared by `list`, `resume`, `abandon` and `poll-now`, and their
 * translation into an OperationFilter. Bad values are usage errors (exit 2), reported by commander.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import ms, { type StringValue } from 'ms';
import { budgetWaitKey } from '../../workflows/budget';
import { ERROR_CATEGORIES, JOB_OPERATIONS, type BudgetScope, type ErrorCategory, type JobOperation, type OperationOutcome } from '../../workflows/domain';
import { isReadyQueryName, READY_QUERIES, type OperationFilter } from '../visibility';
import { UsageError } from './usage-error';

/** Every outcome, checked exhaustive by the compiler: a new outcome cannot be forgotten here. */
const OUTCOME_SET: Record<OperationOutcome, true> = {
  SUCCEEDED: true,
  PROCESSED: true,
  PROCESSED_WITH_ERRORS: true,
  PARTIALLY_SUCCEEDED: true,
  SUBMISSION_REJECTED: true,
  SUBMISSION_UNCERTAIN: true,
  TASK_NOT_FOUND: true,
  TIMED_OUT: true,
  TRANSIENT: true,
  DUPLICATE: true,
  BUDGET_EXHAUSTED: true,
  INVALID_PAYLOAD: true,
  JOB_NOT_FOUND: true,
  POLICY_REJECTED: true,
  BLOCKED: true,
  CLOSED_BY_POSTER: true,
  UNKNOWN: true,
};
export const OPERATION_OUTCOMES = Object.keys(OUTCOME_SET) as OperationOutcome[];

const BUDGET_SCOPES: readonly BudgetScope[] = ['job', 'contract', 'account'];

/** The options as commander hands them to the action. */
export interface FilterOptions {
  outcome?: OperationOutcome;
  category?: ErrorCategory;
  operation?: JobOperation;
  externalId?: string;
  waitingFor?: string;
  budget?: string;
  since?: Date;
  until?: Date;
  query?: string;
}

/** `24h`, `7d`, `30m` (that long ago) or an ISO 8601 date-time. */
export function parseWhen(value: string, now = Date.now()): Date {
  const duration = /^\d+(\.\d+)?\s*[a-z]+$/i.test(value.trim()) ? ms(value.trim() as StringValue) : undefined;
  if (typeof duration === 'number' && Number.isFinite(duration)) return new Date(now - duration);
  const date = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime())) return date;
  throw new InvalidArgumentError('expected a duration ago (30m, 24h, 7d) or an ISO 8601 date-time (2026-11-01T09:00:00Z).');
}

/** `contract:urn:li:contract:42` becomes the LinkedInWaitingFor value `BUDGET:contract:urn:li:contract:42`. */
export function parseBudget(value: string): string {
  const separator = value.indexOf(':');
  const scope = value.slice(0, separator) as BudgetScope;
  const key = value.slice(separator + 1).trim();
  if (separator < 0 || !BUDGET_SCOPES.includes(scope) || key === '') {
    throw new InvalidArgumentError(`expected <scope>:<key> with scope ${BUDGET_SCOPES.join(', ')} (e.g. contract:urn:li:contract:42, job:req-4711).`);
  }
  return budgetWaitKey({ scope, key });
}

function nonBlank(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}

/** Adds the selection options to a command. */
export function addFilterOptions(command: Command): Command {
  return command
    .addOption(new Option('--outcome <outcome>', 'completed with this outcome').choices(OPERATION_OUTCOMES))
    .addOption(new Option('--category <category>', 'a failed task has this error category').choices([...ERROR_CATEGORIES]))
    .addOption(new Option('--operation <operation>', 'this kind of operation').choices([...JOB_OPERATIONS]))
    .option('--external-id <id>', "the posting service's job id (externalJobPostingId)", nonBlank)
    .option('--budget <scope:key>', 'waiting on this spent budget, e.g. contract:urn:li:contract:42 or job:req-4711', parseBudget)
    .option('--waiting-for <value>', 'waiting for an operator for exactly this (LinkedInWaitingFor), e.g. CREDENTIALS', nonBlank)
    .option('--since <when>', 'started at or after: a duration ago (24h, 7d) or an ISO date-time', (value: string) => parseWhen(value))
    .option('--until <when>', 'started before: a duration ago or an ISO date-time', (value: string) => parseWhen(value))
    .option('--query <name|query>', `a ready query (${Object.keys(READY_QUERIES).join(', ')}) or a raw visibility query`, nonBlank);
}

/** The filter the options describe; `hasSelection` is false when none was given. */
export function filterFromOptions(options: FilterOptions, now = new Date()): { filter: OperationFilter; hasSelection: boolean } {
  if (options.budget && options.waitingFor && options.budget !== options.waitingFor) {
    throw new UsageError('--budget and --waiting-for select different waits; give one of them');
  }
  const filter: OperationFilter = {
    ...(options.outcome ? { outcome: options.outcome } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(options.operation ? { operation: options.operation } : {}),
    ...(options.externalId ? { externalJobPostingId: options.externalId } : {}),
    ...(options.budget || options.waitingFor ? { waitingFor: options.budget ?? options.waitingFor } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.query ? { query: isReadyQueryName(options.query) ? READY_QUERIES[options.query].query(now) : options.query } : {}),
  };
  return { filter, hasSelection: Object.keys(filter).length > 0 };
}
