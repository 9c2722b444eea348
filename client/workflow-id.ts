/**
 * The workflow id of a job operation. The same operation always gets the same id, so starting it twice tracks it
 * once. Readable in the Temporal UI: `linkedin-job/<OPERATION>/<externalJobPostingId>/<key>` where the key is
 * - the first task's id, when the posting service already submitted the operation (LinkedIn's task ids are unique);
 * - otherwise the caller's idempotency key when given, else a hash of the posting element, so a retried call with
 *   the same element is recognised while a different UPDATE of the same job is tracked on its own.
 */
import { createHash } from 'node:crypto';
import { TASK_URN_PREFIX } from '../workflows/domain';
import type { JobOperationInput } from '../workflows/input';

export const WORKFLOW_ID_PREFIX = 'linkedin-job';

/** JSON with object keys sorted, so two equal elements hash the same whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function operationKey(input: Pick<JobOperationInput, 'taskUrns' | 'posting'>, idempotencyKey?: string): string {
  const firstTask = input.taskUrns?.[0];
  if (firstTask) return firstTask.slice(TASK_URN_PREFIX.length);
  if (idempotencyKey) return idempotencyKey;
  return createHash('sha256').update(canonicalJson(input.posting)).digest('hex').slice(0, 20);
}

export function workflowIdFor(input: JobOperationInput, idempotencyKey?: string): string {
  return `${WORKFLOW_ID_PREFIX}/${input.operation}/${input.externalJobPostingId}/${operationKey(input, idempotencyKey)}`;
}
