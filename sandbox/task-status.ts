/**
 * GET /v2/simpleJobPostingTasks once the call is authenticated: repeated, percent-encoded `ids` parameters,
 * answered as a rest.li batch_get (`results`, `errors`, `statuses`).
 */
import { TASK_URN_PATTERN } from '../workflows/domain';
import { invalidBatchKey, type ApiAnswer } from './linkedin-errors';
import type { TaskResult, TaskStore } from './tasks';

export interface LookupDeps {
  tasks: TaskStore;
  now: number;
  processingMs: number;
  taskLifespanMs: number;
}

export interface StatusLookup {
  answer: ApiAnswer;
  /** Distinct URNs asked for, when the request was well formed. */
  urnCount?: number;
}

/**
 * The task URNs of a raw query string. Only repeated `ids=` pairs are understood (not `ids=List(...)`);
 * a single malformed URN makes the whole request invalid, as on LinkedIn.
 */
export function parseTaskIds(queryString: string): string[] | undefined {
  const urns: string[] = [];
  for (const pair of queryString.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = decodeFormComponent(separator < 0 ? pair : pair.slice(0, separator));
    if (key !== 'ids') continue;
    const urn = decodeFormComponent(separator < 0 ? '' : pair.slice(separator + 1));
    if (urn === undefined || !TASK_URN_PATTERN.test(urn)) return undefined;
    urns.push(urn);
  }
  return urns.length > 0 ? [...new Set(urns)] : undefined;
}

export function lookUpTasks(queryString: string, deps: LookupDeps): StatusLookup {
  const urns = parseTaskIds(queryString);
  if (!urns) return { answer: invalidBatchKey() };
  const results: Record<string, TaskResult> = {};
  const errors: Record<string, { status: 404; message: string }> = {};
  for (const urn of urns) {
    const task = deps.tasks.get(urn);
    if (!task || deps.now - task.submittedAt > deps.taskLifespanMs) {
      errors[urn] = { status: 404, message: 'Not Found' };
    } else {
      results[urn] = deps.tasks.lookUp(task, deps.now, deps.processingMs);
    }
  }
  return { answer: { status: 200, body: { results, errors, statuses: {} } }, urnCount: urns.length };
}

function decodeFormComponent(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
