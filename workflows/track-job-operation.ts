/**
 * One durable workflow per job operation: submit (unless the posting service already did), wait LinkedIn's five
 * minutes, poll until every task is terminal or the deadline passes, classify failures, then compensate as the
 * product contract says (docs/reference/error-categories.md): resubmit LinkedIn's catch-all error, wait for an
 * operator on a spent budget, flag duplicates, notify the posting service and alert people.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  sleep,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { TrackingActivities } from '../activities';
import type { AffectedOperation, AlertSituation } from '../activities/notifications/messages';
import { alertsFor } from './alerts';
import { budgetRefOf, budgetWaitKey, CREDENTIALS_WAIT_KEY, type BudgetRef } from './budget';
import { renderCurrentDetails } from './current-details';
import {
  abandonSignal,
  pollNowSignal,
  resumeSignal,
  statusQuery,
  type BudgetOutcome,
  type OperationResult,
  type OperationStatus,
  type OperatorDecision,
  type SubmissionAttempt,
  type TrackingPhase,
} from './definitions';
import type { JobPostingElement } from './domain';
import { findInputProblems, resolvePolicy, type JobOperationInput } from './input';
import { isSuccessful, operationOutcomeOf, taskOutcomeOf, type TaskResult } from './outcome';
import { pollUntilTerminal, type PollControl, type PollOutcome } from './polling';
import { ERROR_CATEGORY, JOB_POSTING_URN, OUTCOME, WAITING_FOR } from './search-attributes';

const { submitPosting } = proxyActivities<TrackingActivities>({
  startToCloseTimeout: '1 minute',
  summary: 'submit the posting to LinkedIn',
  // LinkedIn answers 5xx or nothing at all only for calls it did not act on, as far as its docs say; should a
  // retried CREATE still land twice, LinkedIn fails the second with its duplicate row, which is reported.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

const { classifyTaskErrors } = proxyActivities<TrackingActivities>({
  startToCloseTimeout: '30 seconds',
  summary: "classify LinkedIn's error messages",
});

const { findLatestCreate } = proxyActivities<TrackingActivities>({
  startToCloseTimeout: '30 seconds',
  summary: 'find the most recent CREATE of this job',
  retry: { maximumAttempts: 5 },
});

/** Deliveries are retried by Temporal for a day; a receiver that stays down must not fail the operation. */
const DELIVERY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['WebhookRejected'] },
};
const { deliverOutcome } = proxyActivities<TrackingActivities>({ ...DELIVERY, summary: 'notify the posting service' });
const { raiseAlert } = proxyActivities<TrackingActivities>({ ...DELIVERY, summary: 'alert the people on call' });
const { reportBudgetExhausted } = proxyActivities<TrackingActivities>({ ...DELIVERY, summary: 'report the spent budget for one alert per budget' });

interface OperatorChoice {
  kind: 'resume' | 'abandon';
  reason?: string;
}

/** One submission of (some locations of) the operation, being tracked. */
interface Submission {
  number: number;
  reason: SubmissionAttempt['reason'];
  /** Indexes into the operation's locations (slots) this submission covers, in LinkedIn's task order. */
  slots: number[];
  taskUrns: string[];
  submittedAtMs: number;
}

export async function trackJobOperation(input: JobOperationInput): Promise<OperationResult> {
  const problems = findInputProblems(input);
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      type: 'InvalidJobOperation',
      message: `Invalid job operation: ${problems.join('; ')}`,
      nonRetryable: true,
      details: [problems],
    });
  }
  const policy = resolvePolicy(input.policy);
  const posting = input.posting;
  const { workflowId, runId } = workflowInfo();
  const locations: (string | undefined)[] = posting?.location ? [posting.location, ...(posting.alternateLocations ?? [])] : [];

  // ---- State the query, the signals and the UI see. ----
  const finalTasks: TaskResult[] = [];
  const attempts: SubmissionAttempt[] = [];
  const status: OperationStatus = {
    operation: input.operation,
    externalJobPostingId: input.externalJobPostingId,
    phase: 'SUBMITTING',
    waitingFor: 'LinkedIn to accept the posting call',
    since: new Date().toISOString(),
    tasks: finalTasks,
    attempts,
  };
  const control: PollControl = { pollNowRequested: false };
  let operatorDecision: OperatorChoice | undefined;
  setHandler(statusQuery, () => status, {
    description: 'The phase, what the workflow waits for and since when, every task as last reported by LinkedIn, and every submission.',
  });
  setHandler(pollNowSignal, () => void (control.pollNowRequested = true), {
    description: 'Check task status now instead of at the next scheduled check (also ends the first five-minute wait).',
  });
  const decide = (kind: 'resume' | 'abandon') => (decision?: OperatorDecision) => {
    operatorDecision = { kind, ...(decision?.reason ? { reason: decision.reason } : {}) };
  };
  setHandler(resumeSignal, decide('resume'), {
    description: 'While waiting on a spent budget: resubmit the operation. While LinkedIn refuses the credentials: check again.',
  });
  setHandler(abandonSignal, decide('abandon'), {
    description: 'While waiting on an operator: stop waiting and end with the outcome as it stands.',
  });
  const enter = (phase: TrackingPhase, waitingFor: string | null): void => {
    status.phase = phase;
    status.waitingFor = waitingFor;
    status.since = new Date().toISOString();
    setCurrentDetails(renderCurrentDetails(status));
  };
  const affected = (): AffectedOperation => ({
    workflowId,
    operation: input.operation,
    externalJobPostingId: input.externalJobPostingId,
    taskUrns: finalTasks.map((task) => task.taskUrn),
  });

  /** Waits for an operator's resume or abandon, at most `timeoutMs`; returns undefined when the wait ran out. */
  const awaitOperator = async (waitKey: string, waitingFor: string, timeoutMs: number) => {
    operatorDecision = undefined;
    // A wait configured to zero (or a deadline already passed) means: do not wait for anyone.
    if (timeoutMs <= 0) return undefined;
    enter('WAITING_FOR_OPERATOR', waitingFor);
    upsertSearchAttributes([{ key: WAITING_FOR, value: waitKey }]);
    await condition(() => operatorDecision !== undefined, timeoutMs, { summary: `wait for an operator: ${waitingFor}` });
    upsertSearchAttributes([{ key: WAITING_FOR, value: '' }]);
    return operatorDecision as OperatorChoice | undefined;
  };

  let resubmissions = 0;
  let budget: BudgetOutcome | undefined;
  let deadline = '';
  /** Set when a resubmission got no usable answer: never resent, reported and alerted. */
  let uncertain: string | undefined;

  // ---- 1. The first submission: the posting service's own, or ours. ----
  let submission: Submission;
  if (input.taskUrns) {
    submission = {
      number: 1,
      reason: 'initial',
      slots: input.taskUrns.map((_, index) => index),
      taskUrns: input.taskUrns,
      submittedAtMs: input.submittedAt ? Date.parse(input.submittedAt) : workflowInfo().startTime.getTime(),
    };
  } else {
    enter('SUBMITTING', 'LinkedIn to accept the posting call');
    const first = await submit(posting!);
    if (first.kind !== 'accepted') return report(finish([], first));
    submission = { number: 1, reason: 'initial', slots: first.taskUrns.map((_, i) => i), taskUrns: first.taskUrns, submittedAtMs: Date.now() };
  }
  status.submittedAt = new Date(submission.submittedAtMs).toISOString();

  for (;;) {
    // ---- 2-4. Wait, poll, classify this submission's tasks. ----
    const tasks = await trackSubmission(submission);
    submission.slots.forEach((slot, index) => (finalTasks[slot] = tasks[index]!));
    const attempt = attempts.at(-1)!;
    attempt.tasks = tasks;
    setCurrentDetails(renderCurrentDetails(status));

    // ---- 5. Compensate, each location on its own. ----
    const slotsOf = (category: string) =>
      submission.slots.filter((_, index) => tasks[index]!.outcome === 'FAILED' && tasks[index]!.failure?.category === category);
    const transientSlots = slotsOf('TRANSIENT');
    const budgetSlots = slotsOf('BUDGET_EXHAUSTED');
    const next: { slots: number[]; reason: SubmissionAttempt['reason'] }[] = [];

    if (budgetSlots.length > 0) {
      const failure = finalTasks[budgetSlots[0]!]!.failure!;
      const ref = budgetRefOf(failure.scope ?? 'job', input.externalJobPostingId, posting);
      const waitsUntil = new Date(Date.now() + policy.budgetWaitMs).toISOString();
      await reportBudgetExhausted({ budget: ref, windowMs: policy.budgetAlertWindowMs, waitsUntil, report: { operation: affected(), failure } });
      if (posting) {
        const decision = await awaitOperator(budgetWaitKey(ref), `a budget top-up (${ref.scope} ${ref.key}): resume or abandon`, policy.budgetWaitMs);
        budget = budgetOutcome(ref, decision);
        if (decision?.kind === 'resume') next.push({ slots: budgetSlots, reason: 'operator-resume' });
      } else {
        // Without the element (the posting service submitted it and passed only task URNs) nothing can be resubmitted,
        // so waiting for a resume would only hold the operation open: the posting service resubmits it itself.
        budget = { scope: ref.scope, key: ref.key, decision: 'not-resubmittable', decidedAt: new Date().toISOString() };
      }
    }
    if (transientSlots.length > 0 && posting && resubmissions < policy.maxResubmissions) {
      resubmissions += 1;
      const delayMs = policy.resubmissionDelayMs * 2 ** (resubmissions - 1);
      enter('WAITING_TO_RESUBMIT', `resubmission ${resubmissions} of ${policy.maxResubmissions} after LinkedIn's catch-all error`);
      await sleep(delayMs, { summary: `wait before resubmission ${resubmissions}` });
      next.push({ slots: transientSlots, reason: 'transient-error' });
    }
    if (next.length === 0) break;

    const slots = next.flatMap((n) => n.slots).sort((a, b) => a - b);
    const resubmitted = await resubmit(slots, next[0]!.reason);
    if (!resubmitted) break;
    submission = resubmitted;
  }

  const result = finish(finalTasks.filter(Boolean));
  if (budget) result.budget = budget;
  return report(result);

  // ---- Steps, in the order they run. ----

  async function trackSubmission(current: Submission): Promise<TaskResult[]> {
    attempts.push({ number: current.number, reason: current.reason, submittedAt: new Date(current.submittedAtMs).toISOString(), tasks: [] });
    const deadlineAtMs = current.submittedAtMs + policy.deadlineMs;
    deadline = new Date(deadlineAtMs).toISOString();
    status.deadline = deadline;
    let tasks: TaskResult[] = current.taskUrns.map((taskUrn, index) => {
      const location = locations[current.slots[index]!];
      return { taskUrn, ...(location ? { location } : {}) };
    });
    current.slots.forEach((slot, index) => (finalTasks[slot] = tasks[index]!));

    // LinkedIn's guidance: check no earlier than five minutes after the submission.
    const firstCheckAtMs = Math.min(current.submittedAtMs + policy.firstCheckDelayMs, deadlineAtMs);
    if (firstCheckAtMs > Date.now()) {
      control.pollNowRequested = false;
      enter('WAITING_FOR_FIRST_CHECK', `the first status check at ${new Date(firstCheckAtMs).toISOString()}`);
      await condition(() => control.pollNowRequested, firstCheckAtMs - Date.now(), {
        summary: `wait ${formatDuration(policy.firstCheckDelayMs)} before the first status check`,
      });
    }

    let poll: PollOutcome;
    for (;;) {
      enter('POLLING', 'every task to leave IN_PROGRESS');
      poll = await pollUntilTerminal(current.taskUrns, deadlineAtMs, policy, control);
      if (poll.kind !== 'credentials-rejected') break;
      await raiseAlert({
        idempotencyKey: `${workflowId}/${runId}/credentials/${current.number}`,
        occurredAt: new Date().toISOString(),
        situation: { category: 'CREDENTIALS', operations: [affected()], httpStatus: 401, message: poll.message },
      });
      const decision = await awaitOperator(CREDENTIALS_WAIT_KEY, 'LinkedIn to accept the credentials again: fix them, then resume', deadlineAtMs - Date.now());
      if (decision?.kind !== 'resume') {
        poll = { kind: 'deadline' };
        break;
      }
    }
    tasks = tasks.map((task) => toTaskResult(task, poll));

    // Classification runs in an activity, so a change of the error table never breaks the replay of this workflow.
    const failed = tasks.filter((task) => task.outcome === 'FAILED' || task.outcome === 'PROCESSED_WITH_ERRORS');
    if (failed.length > 0) {
      enter('CLASSIFYING', "the classification of LinkedIn's error messages");
      const classifications = await classifyTaskErrors(failed.map((task) => task.errorMessage ?? ''));
      failed.forEach((task, index) => (task.failure = classifications[index]));
    }
    return tasks;
  }

  async function resubmit(slots: number[], reason: SubmissionAttempt['reason']): Promise<Submission | undefined> {
    enter('SUBMITTING', 'LinkedIn to accept the resubmission');
    const element = elementFor(posting!, slots.map((slot) => locations[slot]));
    const outcome = await submit(element);
    const number = attempts.length + 1;
    if (outcome.kind !== 'accepted') {
      attempts.push({ number, reason, submittedAt: new Date().toISOString(), tasks: [], ...unsubmitted(outcome) });
      if (outcome.kind === 'uncertain') uncertain = outcome.message;
      return undefined;
    }
    return { number, reason, slots, taskUrns: outcome.taskUrns, submittedAtMs: Date.now() };
  }

  /** The result; `unsent` when the first posting call did not produce tasks. */
  function finish(tasks: TaskResult[], unsent?: Exclude<Submitted, { kind: 'accepted' }>): OperationResult {
    const outcome = unsent?.kind === 'rejected' ? 'SUBMISSION_REJECTED' : unsent?.kind === 'uncertain' ? 'SUBMISSION_UNCERTAIN' : operationOutcomeOf(tasks);
    const result: OperationResult = {
      operation: input.operation,
      externalJobPostingId: input.externalJobPostingId,
      outcome,
      ...(status.submittedAt ? { submittedAt: status.submittedAt } : {}),
      completedAt: new Date().toISOString(),
      tasks,
      attempts,
      ...(unsent ? unsubmitted(unsent) : {}),
    };
    const duplicate = tasks.find((task) => task.failure?.category === 'DUPLICATE')?.failure;
    if (duplicate) result.duplicate = { linkedInJobId: duplicate.linkedInJobId, duplicateJobUrl: duplicate.duplicateJobUrl };
    return result;
  }

  async function report(result: OperationResult): Promise<OperationResult> {
    enter('REPORTING', 'the posting service and the people on call to be told');
    // LinkedIn: for a failed UPDATE, "see task status on most recent CREATE operation to determine if the API job was posted".
    if (input.operation === 'UPDATE' && result.tasks.some((task) => !isSuccessful(task.outcome))) {
      result.latestCreate = await findLatestCreate(input.externalJobPostingId).catch((err) => {
        logUndelivered('the most recent CREATE', err);
        return { workflowId: null, outcome: null, live: null };
      });
    }
    status.result = result;
    upsertSearchAttributes([
      { key: OUTCOME, value: result.outcome },
      { key: ERROR_CATEGORY, value: unique(result.tasks.flatMap((task) => (task.failure ? [task.failure.category] : []))) },
      { key: JOB_POSTING_URN, value: unique(result.tasks.flatMap((task) => (task.jobPostingUrn ? [task.jobPostingUrn] : []))) },
    ]);
    await deliverOutcome({ workflowId, result }).catch((err) => logUndelivered('outcome', err));
    const uncertainMessage = result.uncertainSubmission?.message ?? uncertain;
    const situations: AlertSituation[] = [
      ...(uncertainMessage ? [{ category: 'SUBMISSION_UNCERTAIN' as const, operation: affected(), message: uncertainMessage }] : []),
      ...(result.rejection || result.uncertainSubmission ? [] : alertsFor(result, { operation: affected(), resubmissions, deadline })),
    ];
    for (const situation of situations) {
      await raiseAlert({ idempotencyKey: `${workflowId}/${runId}/${situation.category}`, occurredAt: result.completedAt, situation }).catch((err) =>
        logUndelivered(`alert ${situation.category}`, err),
      );
    }
    enter('COMPLETED', null);
    return result;
  }
}

type Submitted =
  | { kind: 'accepted'; taskUrns: string[] }
  | { kind: 'rejected'; httpStatus: number; message: string }
  | { kind: 'uncertain'; message: string };

/** One posting call. A lost answer is not resent (it could post the job twice): it is reported as uncertain. */
async function submit(element: JobPostingElement): Promise<Submitted> {
  try {
    const answer = await submitPosting(element);
    return answer.accepted ? { kind: 'accepted', taskUrns: answer.taskUrns } : { kind: 'rejected', httpStatus: answer.httpStatus, message: answer.message };
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'SubmissionOutcomeUnknown') {
      return { kind: 'uncertain', message: err.cause.message };
    }
    throw err;
  }
}

function unsubmitted(outcome: Exclude<Submitted, { kind: 'accepted' }>): Pick<OperationResult, 'rejection' | 'uncertainSubmission'> {
  return outcome.kind === 'rejected'
    ? { rejection: { httpStatus: outcome.httpStatus, message: outcome.message } }
    : { uncertainSubmission: { message: outcome.message } };
}

/** The operation's element narrowed to the locations being resubmitted (the others already have their outcome). */
function elementFor(posting: JobPostingElement, locations: (string | undefined)[]): JobPostingElement {
  const known = locations.filter((location): location is string => location !== undefined);
  if (known.length === 0) return posting;
  const [location, ...alternateLocations] = known;
  const { alternateLocations: _, ...rest } = posting;
  return { ...rest, location, ...(alternateLocations.length > 0 ? { alternateLocations } : {}) };
}

function budgetOutcome(budget: BudgetRef, decision: OperatorChoice | undefined): BudgetOutcome {
  return {
    scope: budget.scope,
    key: budget.key,
    decision: decision?.kind === 'resume' ? 'resumed' : decision?.kind === 'abandon' ? 'abandoned' : 'wait-expired',
    decidedAt: new Date().toISOString(),
    ...(decision?.reason ? { reason: decision.reason } : {}),
  };
}

function toTaskResult(task: TaskResult, poll: PollOutcome): TaskResult {
  if (poll.kind === 'invalid-task-urns') return { ...task, errorMessage: poll.message, outcome: 'TASK_NOT_FOUND' };
  const result = poll.kind === 'credentials-rejected' ? undefined : poll.result;
  const lookupError = result?.lookupErrors.find((error) => error.taskUrn === task.taskUrn);
  if (lookupError) return { ...task, errorMessage: lookupError.message, outcome: 'TASK_NOT_FOUND' };
  const report = result?.reports.find((r) => r.taskUrn === task.taskUrn);
  if (!report) return { ...task, outcome: 'TIMED_OUT' };
  return {
    ...task,
    status: report.status,
    ...(report.location ? { location: report.location } : {}),
    ...(report.jobPostingUrn ? { jobPostingUrn: report.jobPostingUrn } : {}),
    ...(report.errorMessage ? { errorMessage: report.errorMessage } : {}),
    outcome: taskOutcomeOf(report) ?? 'TIMED_OUT',
  };
}

/** A report that could not be made; the outcome itself stays in the workflow's result and history. */
function logUndelivered(what: string, err: unknown): void {
  log.warn(`${what} could not be reported`, { error: err instanceof Error ? err.message : String(err) });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} seconds`;
}
