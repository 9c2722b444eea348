/**
 * POST /v2/simpleJobPostings (batch_create) once the call is authenticated: element validation, whole-call
 * rejections (rule `submissionStatus`, CLOSE of a job that is not live), outcome decisions and task creation.
 * A call rejected as a whole changes nothing but the rule that rejected it.
 */
import { randomUUID } from 'node:crypto';
import { TASK_URN_PREFIX } from '../workflows/domain';
import { NO_LOCATION, type JobCall, type JobLedger, type JobRecord } from './jobs';
import { closeOfMissingJob, restError, submissionRejection, type ApiAnswer } from './linkedin-errors';
import { decideByPayload, decideByRule, type JobEffect, type TaskDecision } from './outcomes';
import type { RuleBook, RuleCall } from './rules';
import { validateElement, type ValidElement } from './element-validation';
import type { SandboxTask, TaskStore } from './tasks';

export const MAX_ELEMENTS_PER_CALL = 100;

export interface PostingDeps {
  rules: RuleBook;
  jobs: JobLedger;
  tasks: TaskStore;
  partnerId: string;
  now: number;
}

/** One entry of the batch_create answer. */
export type BatchEntry =
  | { id: string; status: 202 }
  | { error: { message: string; status: 422 }; status: 422 };

export interface PostingResult {
  answer: ApiAnswer;
  /** Tasks the call created (0 when it was rejected as a whole). */
  createdTasks: number;
}

/** Extracts the elements array, or the 400 answer for a body that is not a batch. */
export function parseBatch(body: string): { elements: unknown[] } | { rejection: ApiAnswer } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { rejection: restError(400, 'Cannot parse request body: it is not valid JSON') };
  }
  const elements = (parsed as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(elements)) return { rejection: restError(400, 'Request body must be an object with an "elements" array') };
  if (elements.length === 0) return { rejection: restError(400, 'batch_create needs at least one element') };
  if (elements.length > MAX_ELEMENTS_PER_CALL) {
    return {
      rejection: restError(400, `Too many elements in batch_create: ${elements.length}; at most ${MAX_ELEMENTS_PER_CALL} per call`),
    };
  }
  return { elements };
}

export function submitPostings(elements: readonly unknown[], deps: PostingDeps): PostingResult {
  const checks = elements.map(validateElement);
  const ruleCall = deps.rules.beginCall();

  for (const check of checks) {
    if (!check.ok) continue;
    const { externalJobPostingId, operation, locations } = check.element;
    const rejecting = ruleCall.submissionRejection(externalJobPostingId, operation, locations);
    if (rejecting?.submissionStatus !== undefined) {
      ruleCall.commit();
      return { answer: submissionRejection(rejecting.submissionStatus), createdTasks: 0 };
    }
  }

  const jobCall = deps.jobs.beginCall();
  const entries: BatchEntry[] = [];
  const newTasks: SandboxTask[] = [];
  for (const check of checks) {
    if (!check.ok) {
      entries.push({ error: { message: check.message, status: 422 }, status: 422 });
      continue;
    }
    const tasks = submitElement(check.element, ruleCall, jobCall, deps);
    if (tasks === 'closeOfMissingJob') return { answer: closeOfMissingJob(), createdTasks: 0 };
    for (const task of tasks) entries.push({ id: task.urn, status: 202 });
    newTasks.push(...tasks);
  }

  ruleCall.commit();
  jobCall.commit();
  for (const task of newTasks) deps.tasks.add(task);
  return { answer: { status: 200, body: { elements: entries } }, createdTasks: newTasks.length };
}

/** Decides every location task of one element against the job as it was before the element. */
function submitElement(element: ValidElement, ruleCall: RuleCall, jobCall: JobCall, deps: PostingDeps): SandboxTask[] | 'closeOfMissingJob' {
  const job = jobCall.get(element.externalJobPostingId);
  const context = { partnerId: deps.partnerId, allocateJobId: () => jobCall.allocateJobId() };
  const decisions: { location: string | undefined; decision: TaskDecision }[] = [];

  for (const location of element.locations) {
    const input = { ...element, location, job };
    const rule = ruleCall.taskRule(input);
    // LinkedIn refuses the whole call for a CLOSE it cannot apply; a rule deciding the task overrides that.
    if (!rule && element.operation === 'CLOSE' && !job?.live) return 'closeOfMissingJob';
    decisions.push({ location, decision: rule ? decideByRule(rule, input, context) : decideByPayload(input, context) });
  }
  ruleCall.endElement();

  const updated = applyEffects(element, job, decisions.map(({ location, decision }) => ({ location, effect: decision.effect })));
  if (updated) jobCall.put(updated);

  return decisions.map(({ location, decision }) => {
    const task: SandboxTask = {
      urn: `${TASK_URN_PREFIX}${randomUUID()}`,
      externalJobPostingId: element.externalJobPostingId,
      operation: element.operation,
      submittedAt: deps.now,
      outcome: decision.outcome,
      completion: decision.completion,
      lookups: 0,
    };
    if (element.multiLocation && location !== undefined) task.location = location;
    return task;
  });
}

/** The job after this element: live if any location went live, closed if a CLOSE succeeded, else unchanged. */
function applyEffects(
  element: ValidElement,
  job: JobRecord | undefined,
  effects: { location: string | undefined; effect: JobEffect }[],
): JobRecord | undefined {
  const wentLive = effects.filter((entry) => entry.effect.kind === 'live');
  if (wentLive.length > 0) {
    // A CREATE over a job that is not live posts a new job: its old ids are gone.
    const keepOldIds = job !== undefined && (job.live || element.operation !== 'CREATE');
    const jobIds = new Map(keepOldIds ? job.jobIds : []);
    for (const { location, effect } of wentLive) {
      if (effect.kind === 'live') jobIds.set(location ?? NO_LOCATION, effect.jobId);
    }
    return { externalJobPostingId: element.externalJobPostingId, jobIds, live: true };
  }
  if (effects.some((entry) => entry.effect.kind === 'closed')) {
    return { externalJobPostingId: element.externalJobPostingId, jobIds: job?.jobIds ?? new Map(), live: false };
  }
  return undefined;
}
