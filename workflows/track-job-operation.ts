/**
 * One durable workflow per job operation: submit (unless the posting service already did), wait LinkedIn's five
 * minutes, poll until every task is terminal or the deadline passes, classify failures, report the outcome.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { TrackingActivities, TaskPollResult } from '../activities';
import type { TaskStatusReport } from './domain';
import {
  statusQuery,
  type OperationResult,
  type OperationStatus,
  type SubmissionRejection,
  type TrackingPhase,
} from './definitions';
import { findInputProblems, resolvePolicy, type JobOperationInput, type TrackingPolicy } from './input';
import { operationOutcomeOf, taskOutcomeOf, type TaskResult } from './outcome';
import { ERROR_CATEGORY, JOB_POSTING_URN, OUTCOME } from './search-attributes';
import { renderCurrentDetails } from './current-details';

/** Error types the polling activity raises that no retry can fix. */
export const NON_RETRYABLE_POLL_ERRORS = ['InvalidTaskUrn', 'LinkedInAuthentication'];

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
  const locations = posting?.location ? [posting.location, ...(posting.alternateLocations ?? [])] : [];

  const status: OperationStatus = {
    operation: input.operation,
    externalJobPostingId: input.externalJobPostingId,
    phase: 'SUBMITTING',
    waitingFor: 'LinkedIn to accept the posting call',
    since: new Date().toISOString(),
    tasks: [],
  };
  setHandler(statusQuery, () => status, {
    description: 'The phase, what the workflow waits for and since when, and every task as last reported by LinkedIn.',
  });
  const enter = (phase: TrackingPhase, waitingFor: string | null): void => {
    status.phase = phase;
    status.waitingFor = waitingFor;
    status.since = new Date().toISOString();
    setCurrentDetails(renderCurrentDetails(status));
  };

  const finish = async (tasks: TaskResult[], rejection?: SubmissionRejection): Promise<OperationResult> => {
    const result: OperationResult = {
      operation: input.operation,
      externalJobPostingId: input.externalJobPostingId,
      outcome: rejection ? 'SUBMISSION_REJECTED' : operationOutcomeOf(tasks),
      submittedAt: status.submittedAt,
      completedAt: new Date().toISOString(),
      tasks,
      ...(rejection ? { rejection } : {}),
    };
    status.tasks = tasks;
    status.result = result;
    upsertSearchAttributes([
      { key: OUTCOME, value: result.outcome },
      { key: ERROR_CATEGORY, value: unique(tasks.flatMap((task) => (task.failure ? [task.failure.category] : []))) },
      { key: JOB_POSTING_URN, value: unique(tasks.flatMap((task) => (task.jobPostingUrn ? [task.jobPostingUrn] : []))) },
    ]);
    enter('COMPLETED', null);
    return result;
  };

  // 1. Submission: the posting service's own, or ours.
  let taskUrns: string[];
  let submittedAtMs: number;
  if (input.taskUrns) {
    taskUrns = input.taskUrns;
    submittedAtMs = input.submittedAt ? Date.parse(input.submittedAt) : workflowInfo().startTime.getTime();
  } else {
    enter('SUBMITTING', 'LinkedIn to accept the posting call');
    const submission = await submitPosting(posting!);
    if (!submission.accepted) {
      return finish([], { httpStatus: submission.httpStatus, message: submission.message });
    }
    taskUrns = submission.taskUrns;
    submittedAtMs = Date.now();
  }
  status.submittedAt = new Date(submittedAtMs).toISOString();
  const deadlineAtMs = submittedAtMs + policy.deadlineMs;
  status.deadline = new Date(deadlineAtMs).toISOString();
  status.tasks = taskUrns.map((taskUrn, index) => ({ taskUrn, ...(locations[index] ? { location: locations[index] } : {}) }));

  // 2. LinkedIn's guidance: check no earlier than five minutes after the submission.
  const firstCheckAtMs = Math.min(submittedAtMs + policy.firstCheckDelayMs, deadlineAtMs);
  if (firstCheckAtMs > Date.now()) {
    enter('WAITING_FOR_FIRST_CHECK', `the first status check at ${new Date(firstCheckAtMs).toISOString()}`);
    await sleep(firstCheckAtMs - Date.now(), { summary: `wait ${formatDuration(policy.firstCheckDelayMs)} before the first status check` });
  }

  // 3. Poll until every task is terminal; retries of one activity keep the history the same size however long it takes.
  enter('POLLING', 'every task to leave IN_PROGRESS');
  const poll = await pollUntilTerminal(taskUrns, deadlineAtMs, policy);
  const tasks = status.tasks.map((task) => toTaskResult(task, poll));

  // 4. Classify what failed. An activity, so a change of the error table never breaks the replay of this workflow.
  const failed = tasks.filter((task) => task.outcome === 'FAILED' || task.outcome === 'PROCESSED_WITH_ERRORS');
  if (failed.length > 0) {
    enter('CLASSIFYING', "the classification of LinkedIn's error messages");
    const classifications = await classifyTaskErrors(failed.map((task) => task.errorMessage ?? ''));
    failed.forEach((task, index) => {
      task.failure = classifications[index];
    });
  }
  return finish(tasks);
}

/** The latest poll, or whatever the last attempt saw when the deadline ended polling. */
interface PollOutcome {
  result?: TaskPollResult;
  timedOut: boolean;
}

async function pollUntilTerminal(taskUrns: string[], deadlineAtMs: number, policy: TrackingPolicy): Promise<PollOutcome> {
  const remainingMs = deadlineAtMs - Date.now();
  if (remainingMs <= 0) return { timedOut: true };
  const { checkTaskStatuses } = proxyActivities<TrackingActivities>({
    summary: 'check task status',
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: remainingMs,
    retry: {
      initialInterval: policy.pollInitialIntervalMs,
      backoffCoefficient: policy.pollBackoffCoefficient,
      maximumInterval: policy.pollMaximumIntervalMs,
      nonRetryableErrorTypes: NON_RETRYABLE_POLL_ERRORS,
    },
  });
  try {
    return { result: await checkTaskStatuses(taskUrns), timedOut: false };
  } catch (err) {
    const lastSeen = err instanceof ActivityFailure ? lastSeenBeforeDeadline(err) : undefined;
    if (lastSeen) return lastSeen;
    throw err;
  }
}

/**
 * The deadline ends polling in one of two ways: the server declines the next retry (retry state TIMEOUT, the
 * cause is the last "still in progress" failure), or an attempt is cut off (a TimeoutFailure). Either way the
 * last failure's details carry what LinkedIn last said.
 */
function lastSeenBeforeDeadline(failure: ActivityFailure): PollOutcome | undefined {
  const deadlinePassed = failure.retryState === RetryState.TIMEOUT || failure.cause instanceof TimeoutFailure;
  if (!deadlinePassed) return undefined;
  const last = failure.cause instanceof TimeoutFailure ? failure.cause.cause : failure.cause;
  const result =
    last instanceof ApplicationFailure && last.type === 'TasksStillInProgress'
      ? (last.details?.[0] as TaskPollResult | undefined)
      : undefined;
  return { result, timedOut: true };
}

function toTaskResult(task: TaskResult, poll: PollOutcome): TaskResult {
  const lookupError = poll.result?.lookupErrors.find((error) => error.taskUrn === task.taskUrn);
  if (lookupError) return { ...task, errorMessage: lookupError.message, outcome: 'TASK_NOT_FOUND' };
  const report: TaskStatusReport | undefined = poll.result?.reports.find((r) => r.taskUrn === task.taskUrn);
  const seen: TaskResult = report
    ? {
        ...task,
        status: report.status,
        ...(report.location ? { location: report.location } : {}),
        ...(report.jobPostingUrn ? { jobPostingUrn: report.jobPostingUrn } : {}),
        ...(report.errorMessage ? { errorMessage: report.errorMessage } : {}),
      }
    : task;
  return { ...seen, outcome: (report && taskOutcomeOf(report)) ?? 'TIMED_OUT' };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} seconds`;
}
