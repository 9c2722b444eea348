/**
 * The words of alerts, per category of shared/reference/error-categories.md: what happened, what the service did
 * on its own, and what a person should do next. Pure (no I/O, no clock): the same situation always reads the same,
 * so a retried activity sends the same alert.
 */
import type { Classification } from '../classification/classify';
import type { BudgetScope, JobOperation } from '../../workflows/domain';
import type { Alert, AlertSeverity } from './types';

/** One operation an alert is about. */
export interface AffectedOperation {
  workflowId: string;
  operation: JobOperation;
  externalJobPostingId: string;
  /** LinkedIn support asks for these. */
  taskUrns?: string[];
}

/** Categories whose alert is about one operation and one classified LinkedIn error. */
export type ClassifiedAlertCategory =
  | 'DUPLICATE'
  | 'INVALID_PAYLOAD'
  | 'JOB_NOT_FOUND'
  | 'POLICY_REJECTED'
  | 'BLOCKED'
  | 'CLOSED_BY_POSTER'
  | 'UNKNOWN';

export type AlertSituation =
  /** LinkedIn's catch-all error persisted through every resubmission. */
  | { category: 'TRANSIENT'; operation: AffectedOperation; failure: Classification; resubmissions: number }
  | {
      category: 'BUDGET_EXHAUSTED';
      scope: BudgetScope;
      /** The operations listed in the alert. */
      operations: AffectedOperation[];
      /** How many operations wait on this budget, when more than are listed. */
      affectedCount?: number;
      /** The LinkedIn contract, for the contract scope, when known. */
      contract?: string;
      /** One of the failures, for LinkedIn's wording and resolution. */
      failure: Classification | null;
      /** ISO 8601: when the operations stop waiting for an operator. */
      waitsUntil: string;
    }
  | { category: ClassifiedAlertCategory; operation: AffectedOperation; failure: Classification }
  /** The tracking deadline passed while tasks were still IN_PROGRESS (or never reported). */
  | { category: 'TIMED_OUT'; operation: AffectedOperation; deadline: string; unfinishedTaskUrns: string[] }
  /** LinkedIn refuses the service's OAuth credentials. `message` is LinkedIn's, which never carries a secret. */
  | { category: 'CREDENTIALS'; operations: AffectedOperation[]; httpStatus: number; message: string }
  /** The posting call got no usable answer after it was sent: LinkedIn may or may not have posted the job. */
  | { category: 'SUBMISSION_UNCERTAIN'; operation: AffectedOperation; message: string };

export interface AlertEnvelope {
  idempotencyKey: string;
  occurredAt: string;
}

/** What the alert says, before it is addressed. */
export interface AlertContent {
  severity: AlertSeverity;
  title: string;
  text: string;
}

/** Operations listed one per line in an alert; the rest are counted. */
const MAX_LISTED_OPERATIONS = 20;

export function alertForCategory(situation: AlertSituation, envelope: AlertEnvelope): Alert {
  const content = alertContent(situation);
  return {
    idempotencyKey: envelope.idempotencyKey,
    severity: content.severity,
    title: content.title,
    text: content.text,
    workflowIds: affectedOperations(situation).map((operation) => operation.workflowId),
    category: situation.category,
    occurredAt: envelope.occurredAt,
  };
}

function affectedOperations(situation: AlertSituation): AffectedOperation[] {
  return 'operations' in situation ? situation.operations : [situation.operation];
}

export function alertContent(situation: AlertSituation): AlertContent {
  switch (situation.category) {
    case 'TRANSIENT':
      return transientExhausted(situation.operation, situation.failure, situation.resubmissions);
    case 'BUDGET_EXHAUSTED':
      return budgetExhausted(situation);
    case 'DUPLICATE':
      return duplicate(situation.operation, situation.failure);
    case 'INVALID_PAYLOAD':
      return invalidPayload(situation.operation, situation.failure);
    case 'JOB_NOT_FOUND':
      return jobNotFound(situation.operation, situation.failure);
    case 'POLICY_REJECTED':
      return policyRejected(situation.operation, situation.failure);
    case 'BLOCKED':
      return blocked(situation.operation, situation.failure);
    case 'CLOSED_BY_POSTER':
      return closedByPoster(situation.operation, situation.failure);
    case 'UNKNOWN':
      return unknown(situation.operation, situation.failure);
    case 'TIMED_OUT':
      return timedOut(situation.operation, situation.deadline, situation.unfinishedTaskUrns);
    case 'CREDENTIALS':
      return credentialsRejected(situation.operations, situation.httpStatus, situation.message);
    case 'SUBMISSION_UNCERTAIN':
      return submissionUncertain(situation.operation, situation.message);
  }
}

function transientExhausted(op: AffectedOperation, failure: Classification, resubmissions: number): AlertContent {
  const attempts = resubmissions + 1;
  return {
    severity: 'warning',
    title: `LinkedIn kept failing ${subject(op)}: gave up after ${plural(resubmissions, 'resubmission')}`,
    text: sections({
      happened: [
        `LinkedIn dropped the ${op.operation} ${plural(attempts, 'time')} with its catch-all "unexpected error"; the last message:`,
        verbatim(failure.message),
      ],
      serviceDid: `Resubmitted the same operation ${plural(resubmissions, 'time')} with backoff, waiting 5 minutes for each new task, then stopped and reported the outcome to the posting service. The job is not on LinkedIn.`,
      toDo: [
        'Check whether LinkedIn has an ongoing incident with job posting. Once it is resolved, send the operation again.',
        'If only this job keeps failing, contact LinkedIn support with the task URNs below.',
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

const BUDGET_SCOPE_WORDS: Readonly<Record<BudgetScope, { spent: string; toDo: string }>> = {
  job: {
    spent: "The jobs' own budget is spent (job posting credits, the affordable offer or its duration limit, a free trial, or a failed post payment).",
    toDo: 'Add job posting credits for these jobs in LinkedIn, or settle the failed payment.',
  },
  contract: {
    spent: "The contract's job budget is spent: LinkedIn has no job budget available for these jobs.",
    toDo: "Add job posting credits to the contract in LinkedIn, or move the jobs to a contract that has budget.",
  },
  account: {
    spent: "The account-level budget is spent: every posting of the account is refused until it is raised.",
    toDo: "Raise the recruiter account's credits with LinkedIn.",
  },
};

function budgetExhausted(situation: Extract<AlertSituation, { category: 'BUDGET_EXHAUSTED' }>): AlertContent {
  const { scope, operations, failure, waitsUntil, contract } = situation;
  const count = Math.max(situation.affectedCount ?? 0, operations.length);
  const words = BUDGET_SCOPE_WORDS[scope];
  const scopeLabel = scope === 'contract' && contract ? `contract scope, ${contract}` : `${scope} scope`;
  return {
    // One job's budget stops one job; a contract's or the account's stops every posting that draws on it.
    severity: scope === 'job' ? 'warning' : 'critical',
    title: `Budget exhausted (${scopeLabel}): ${plural(count, 'operation')} waiting`,
    text: sections({
      happened: [words.spent, ...(failure ? ['LinkedIn said:', verbatim(failure.message)] : [])],
      serviceDid: `Holds ${count === 1 ? 'the operation' : `all ${count} operations`} without resubmitting (this is the only alert for this budget in the current window). They wait for an operator until ${waitsUntil}, then stop waiting and are reported as BUDGET_EXHAUSTED.`,
      toDo: [
        words.toDo,
        failure ? resolutionLine(failure) : '',
        'Then send `resume` to the waiting operations to resubmit them, or `abandon` to those that should not be posted.',
      ],
      details: operationDetails(operations, count),
    }),
  };
}

function duplicate(op: AffectedOperation, failure: Classification): AlertContent {
  const existing = [
    failure.linkedInJobId ? `LinkedIn job id ${failure.linkedInJobId}` : null,
    failure.duplicateJobUrl ? `duplicate: ${failure.duplicateJobUrl}` : null,
  ].filter((part): part is string => part !== null);
  return {
    severity: 'warning',
    title: `Duplicate on LinkedIn: ${subject(op)}${failure.linkedInJobId ? ` (LinkedIn job ${failure.linkedInJobId})` : ''}`,
    text: sections({
      happened: [
        `LinkedIn dropped the ${op.operation} because the job is already on LinkedIn${existing.length > 0 ? ` (${existing.join('; ')})` : ''}:`,
        verbatim(failure.message),
      ],
      serviceDid: 'Flagged the operation as a duplicate, kept the existing job id or URL, made it searchable and notified the posting service. It never resubmits a duplicate.',
      toDo: [
        'If the existing LinkedIn job is this posting, link the posting to it: nothing else is needed.',
        'Otherwise give the posting its own externalJobPostingId, or close the existing job, and send the operation again.',
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function invalidPayload(op: AffectedOperation, failure: Classification): AlertContent {
  const fields = failure.fields.length > 0 ? failure.fields.join(', ') : null;
  return {
    severity: 'warning',
    title: `Invalid posting: ${subject(op)} rejected${fields ? ` for ${fields}` : ''}`,
    text: sections({
      happened: [
        fields
          ? `LinkedIn refused the posting because of ${failure.fields.length === 1 ? 'the field' : 'the fields'} ${failure.fields.map(code).join(', ')}:`
          : 'LinkedIn refused the posting as invalid:',
        verbatim(failure.message),
      ],
      serviceDid: "Notified the posting service with the fields and LinkedIn's resolution. No retry: the same payload fails the same way.",
      toDo: [
        `Correct ${fields ? 'the fields named above' : 'the posting'} in the posting's source and send the operation again.`,
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function jobNotFound(op: AffectedOperation, failure: Classification): AlertContent {
  return {
    severity: 'warning',
    title: `LinkedIn has no job ${op.externalJobPostingId}: ${op.operation} refused`,
    text: sections({
      happened: [
        `LinkedIn refused the ${op.operation} because no job with externalJobPostingId ${code(op.externalJobPostingId)} exists on LinkedIn:`,
        verbatim(failure.message),
      ],
      serviceDid: 'Notified the posting service. No retry: the job has to exist first.',
      toDo: [
        'Check the latest CREATE for this externalJobPostingId: if it never went live, send a CREATE instead. If it did, make sure this operation uses the same externalJobPostingId.',
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function policyRejected(op: AffectedOperation, failure: Classification): AlertContent {
  return {
    severity: 'warning',
    title: `LinkedIn rejected ${subject(op)} on policy grounds`,
    text: sections({
      happened: [describedFailure(failure, 'LinkedIn refused the job under its trust and job posting policies.'), verbatim(failure.message)],
      serviceDid: 'Notified the posting service. No retry: resubmitting the same job does not change the decision.',
      toDo: [
        "Review the job's content against LinkedIn's job posting policies before posting it again as a new job. For a manual takedown or a trust restriction, contact LinkedIn support.",
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function blocked(op: AffectedOperation, failure: Classification): AlertContent {
  return {
    // A block sits on the company, the source or the region: other postings of the same customer fail too.
    severity: 'critical',
    title: `LinkedIn blocks ${subject(op)}: not published`,
    text: sections({
      happened: [describedFailure(failure, 'LinkedIn blocks the posting.'), verbatim(failure.message)],
      serviceDid: 'Notified the posting service. No retry: the block is on LinkedIn\'s side and only LinkedIn can lift it.',
      toDo: [
        'The customer must contact LinkedIn customer support (company page connection, opt-in, export block or region allowlist). Expect their other postings to fail the same way until then.',
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function closedByPoster(op: AffectedOperation, failure: Classification): AlertContent {
  return {
    severity: 'warning',
    title: `Job ${op.externalJobPostingId} was closed by its original poster on LinkedIn`,
    text: sections({
      happened: [`LinkedIn did not apply the ${op.operation}: the job was closed on LinkedIn by the person who posted it.`, verbatim(failure.message)],
      serviceDid: 'Notified the posting service. No retry.',
      toDo: [
        'If the job should stay open, ask the job admin on LinkedIn why it was closed; otherwise mark it closed in the posting service.',
        resolutionLine(failure),
      ],
      details: operationDetails([op]),
    }),
  };
}

function unknown(op: AffectedOperation, failure: Classification): AlertContent {
  return {
    severity: 'warning',
    title: `Unrecognised LinkedIn error for ${subject(op)}`,
    text: sections({
      happened: ["LinkedIn failed the task with a message that matches no row of its documented error table. Verbatim:", verbatim(failure.message)],
      serviceDid: 'Notified the posting service with the verbatim message. No automatic retry: the service cannot tell whether one would help.',
      toDo: [
        'Read the message: if it names a problem with the posting, fix it and send the operation again.',
        'If LinkedIn has introduced a new error, add it to the error table (activities/classification) so it is classified from now on.',
      ],
      details: operationDetails([op]),
    }),
  };
}

function timedOut(op: AffectedOperation, deadline: string, unfinishedTaskUrns: readonly string[]): AlertContent {
  return {
    severity: 'warning',
    title: `LinkedIn did not finish ${subject(op)} before the tracking deadline`,
    text: sections({
      happened: [
        `At the deadline (${deadline}) LinkedIn still reported ${plural(unfinishedTaskUrns.length, 'task')} as IN_PROGRESS or had not reported on ${unfinishedTaskUrns.length === 1 ? 'it' : 'them'}:`,
        ...unfinishedTaskUrns.map((urn) => `• ${code(urn)}`),
      ],
      serviceDid: 'Stopped polling and reported TIMED_OUT to the posting service. The job may still go live: LinkedIn keeps a task for 30 days.',
      toDo: [
        'Check the tasks again later by tracking the same task URNs. If they are still IN_PROGRESS after another day, contact LinkedIn support with the task URNs.',
      ],
      details: operationDetails([op]),
    }),
  };
}

function credentialsRejected(operations: readonly AffectedOperation[], httpStatus: number, message: string): AlertContent {
  return {
    // Every call to LinkedIn fails until a person fixes this.
    severity: 'critical',
    title: `LinkedIn rejects the service's credentials (HTTP ${httpStatus}): ${plural(operations.length, 'operation')} affected`,
    text: sections({
      happened: ['LinkedIn refuses the OAuth client credentials, even after a new access token was requested:', verbatim(message)],
      serviceDid:
        'No posting can be submitted and no task status read until the credentials work. The affected operations (below) wait for an operator until their tracking deadline, searchable with `LinkedInWaitingFor = "CREDENTIALS"`.',
      toDo: [
        "Check LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET of the workers (the client secret may have been rotated) and that the LinkedIn app still has access to the Job Posting API. Fix the configuration and restart the workers.",
        'Then send `resume` to the waiting operations (`linkedin-job-tracker resume --query \'LinkedInWaitingFor = "CREDENTIALS"\'`) so they check again.',
      ],
      details: operationDetails(operations),
    }),
  };
}

function submissionUncertain(op: AffectedOperation, message: string): AlertContent {
  return {
    severity: 'warning',
    title: `Unknown whether LinkedIn posted ${subject(op)}: the posting call got no usable answer`,
    text: sections({
      happened: ['The posting call reached LinkedIn, but its answer was lost:', verbatim(message)],
      serviceDid:
        'Did not send it again, because a second CREATE of a job LinkedIn did accept would post it twice (or come back as a duplicate). Reported the operation as SUBMISSION_UNCERTAIN to the posting service.',
      toDo: [
        'Look the job up on LinkedIn by its externalJobPostingId. If it is not there, send the operation again; if it is, nothing is needed.',
      ],
      details: operationDetails([op]),
    }),
  };
}

interface Sections {
  happened: string[];
  serviceDid: string;
  toDo: string[];
  details: string[];
}

function sections({ happened, serviceDid, toDo, details }: Sections): string {
  return [
    `*What happened*\n${happened.join('\n')}`,
    `*What the service did*\n${serviceDid}`,
    `*What to do*\n${toDo.filter((line) => line !== '').join('\n')}`,
    details.join('\n'),
  ].join('\n\n');
}

function subject(op: AffectedOperation): string {
  return `${op.operation} of job ${op.externalJobPostingId}`;
}

function operationDetails(operations: readonly AffectedOperation[], total: number = operations.length): string[] {
  const listed = operations.slice(0, MAX_LISTED_OPERATIONS).map((op) => {
    const tasks = op.taskUrns && op.taskUrns.length > 0 ? ` · tasks ${op.taskUrns.map(code).join(', ')}` : '';
    return `• ${op.operation} ${code(op.externalJobPostingId)} · workflow ${code(op.workflowId)}${tasks}`;
  });
  const more = total - listed.length;
  return [`*${total === 1 ? 'Operation' : 'Operations'}*`, ...listed, ...(more > 0 ? [`…and ${more} more`] : [])];
}

function describedFailure(failure: Classification, fallback: string): string {
  return failure.description ? `LinkedIn: ${failure.description.replace(/\.\s*$/, '')}.` : fallback;
}

function resolutionLine(failure: Classification): string {
  return failure.resolution ? `LinkedIn's resolution: "${failure.resolution}".` : '';
}

/** LinkedIn's text exactly as it came, in a code block so no character of it is read as formatting. */
function verbatim(message: string): string {
  return `\`\`\`\n${message}\n\`\`\``;
}

function code(value: string): string {
  return `\`${value}\``;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
