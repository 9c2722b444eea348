/** What the service tells the posting service and the people on call, and how it is configured to reach them. */
import type { BudgetScope, ErrorCategory, JobOperation, OperationOutcome } from '../../workflows/domain';

export type OutcomeEvent = 'operation.completed' | 'operation.duplicate' | 'operation.needs_attention';

/** One task of the operation, as the posting service sees it. */
export interface OutcomeNotificationTask {
  taskUrn: string;
  location?: string;
  status?: string;
  outcome?: string;
  jobPostingUrn?: string;
  errorMessage?: string;
  category?: string;
}

/** The terminal outcome of one job operation, sent to the posting service. */
export interface OutcomeNotification {
  /** Stable per (workflowId, event): receivers drop a second delivery with the same key. */
  idempotencyKey: string;
  event: OutcomeEvent | string;
  workflowId: string;
  operation: JobOperation;
  externalJobPostingId: string;
  outcome: OperationOutcome;
  category: ErrorCategory | null;
  /** Posting fields LinkedIn found invalid or missing. */
  fields: string[];
  /** LinkedIn's RESOLUTION for the error-table row. */
  resolution: string | null;
  linkedInJobId: string | null;
  duplicateJobUrl: string | null;
  tasks: OutcomeNotificationTask[];
  /** Set when LinkedIn refused the posting call itself (outcome SUBMISSION_REJECTED). */
  rejection?: { httpStatus: number; message: string };
  /** For a failed UPDATE: whether the most recent CREATE of the same job put it live (LinkedIn's guidance). */
  latestCreate?: { workflowId: string | null; outcome: string | null; live: boolean | null };
  /** For an operation that found its budget spent: what became of it. */
  budget?: { scope: BudgetScope; key: string; decision: string; decidedAt: string; reason?: string };
  /** ISO 8601, from the workflow's clock so a retried delivery carries the same value. */
  occurredAt: string;
}

export type AlertSeverity = 'warning' | 'critical';

/** A message for the people on call. Delivered as a Slack-compatible incoming-webhook body. */
export interface Alert {
  idempotencyKey: string;
  severity: AlertSeverity;
  /** One line. */
  title: string;
  /** Slack mrkdwn: what happened, what the service did, what a person should do. */
  text: string;
  workflowIds: string[];
  category: ErrorCategory | 'TIMED_OUT' | 'CREDENTIALS' | string;
  /** Temporal UI pages of the affected operations; filled from the workflow ids when a UI base URL is configured. */
  uiLinks?: string[];
  occurredAt: string;
}

export interface NotificationConfig {
  /** Null: outcomes are written to the log instead. */
  outcomeWebhookUrl: string | null;
  /** Null: outcome deliveries are not signed. */
  outcomeWebhookSecret: string | null;
  /** Null: alerts are written to the log instead. Slack webhook URLs are credentials: never logged. */
  alertWebhookUrl: string | null;
  alertWebhookSecret: string | null;
  /** Bound on one delivery attempt: connecting, sending, and reading the answer. */
  timeoutMs: number;
  /** e.g. http://localhost:8233/namespaces/default; alerts then link every affected workflow. */
  temporalUiBaseUrl?: string | null;
}

export const DEFAULT_NOTIFICATION_TIMEOUT_MS = 10_000;

export interface DeliveryReceipt {
  delivered: 'webhook' | 'log';
  httpStatus?: number;
}
