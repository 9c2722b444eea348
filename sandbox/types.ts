/**
 * Public vocabulary of the LinkedIn sandbox: options, run-time knobs, posting rules and counters.
 * Kept apart from the server so the rule and knob modules can share it without a cycle.
 */
import type { JobOperation } from '../workflows/domain';

/** A task status a rule can force; IN_PROGRESS means the task never finishes. */
export type RuleStatus = 'SUCCEEDED' | 'FAILED' | 'PROCESSED' | 'IN_PROGRESS';

/** Whole-call answers a rule can force on POST /v2/simpleJobPostings. */
export const SUBMISSION_STATUSES = [400, 402, 403, 409, 500] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface PostingRule {
  /** Exact externalJobPostingId, or a prefix ending in '*'. */
  externalJobPostingId: string;
  /** Only for this operation type. */
  operation?: JobOperation;
  /** Only for the task of this location (multi-location jobs). */
  location?: string;
  status: RuleStatus;
  /** 1..54: which error-table row's text (filled in) a FAILED / PROCESSED task carries. */
  errorRow?: number;
  /** Verbatim message instead of a row. */
  errorMessage?: string;
  /** Terminal on the Nth status lookup of the task (instead of processingMs). */
  pollsUntilDone?: number;
  /** Per-rule override of how long the task stays IN_PROGRESS. */
  processingMs?: number;
  /** Apply only to the first N submissions matching. */
  times?: number;
  /** Reject the whole POST call with this status instead of creating tasks. */
  submissionStatus?: SubmissionStatus;
}

/** Endpoints a scripted fault (failNext) can target. */
export type FaultPath = 'status' | 'postings' | 'token';

/** A fault that is not an HTTP status: no answer, a destroyed socket, or a 200 with a cut JSON body. */
export type FaultKind = 'hang' | 'reset' | 'malformed';

/** One step of a deterministic fault sequence: the next `count` calls to `path` fail this way. */
export interface ScriptedFault {
  path: FaultPath;
  /** HTTP status to answer with (e.g. 500, 502, 503, 429, 401). */
  status?: number;
  /** A non-HTTP fault instead of a status. */
  fault?: FaultKind;
  /** How many consecutive calls to `path` fail; default 1. */
  count?: number;
}

/** Everything that can change while the sandbox runs (configure(), PATCH /__sandbox/config). */
export interface SandboxKnobs {
  /** How long a task stays IN_PROGRESS unless a rule says otherwise. Read at lookup time. */
  processingMs: number;
  /** Lookups of tasks older than this answer 404 in `errors`. */
  taskLifespanMs: number;
  /** Status calls allowed per UTC day before 429. */
  statusCallsPerDay: number;
  /** Calls per second allowed on the /v2 endpoints before 429; null is unlimited. */
  callsPerSecond: number | null;
  /** Retry-After seconds sent with quota 429s; null sends no header. */
  retryAfterSeconds: number | null;
  /** 0..1 probability of a 500/502/503 on the API endpoints. */
  errorRate: number;
  /** Latency added to every API call. */
  latencyMs: number;
  /** 0..1 probability that a call is never answered (until close). */
  hangRate: number;
  /** 0..1 probability that a 200 answer carries a truncated JSON body. */
  malformedRate: number;
  /** 0..1 probability that the socket is destroyed without an answer. */
  resetRate: number;
  /** Seed of the PRNG behind the rates; setting it restarts the sequence. */
  seed: number;
  /** Deterministic fault sequence, consumed call by call; replaced (not appended) when set. */
  failNext: ScriptedFault[];
}

export interface SandboxOptions extends Partial<SandboxKnobs> {
  /** Default 0 (random port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  rules?: PostingRule[];
  credentials?: { clientId: string; clientSecret: string };
  /** Default 1800. */
  tokenLifetimeSeconds?: number;
  /** Partner id used in filled messages; default '68204513'. */
  partnerId?: string;
  /** Time source in epoch ms; tests inject one to move time without waiting. Default Date.now. */
  clock?: () => number;
  /**
   * JSON file that keeps jobs, tasks and the job id counter across restarts: loaded at start if it exists,
   * rewritten shortly after each change and on close(). Default: none, everything is kept in memory.
   */
  stateFile?: string;
}

/** Calls per endpoint key ('GET /v2/simpleJobPostingTasks') and answer ('200', '429', 'reset', 'hang'). */
export type CallCounts = Record<string, Record<string, number>>;

export interface SandboxCounters {
  calls: CallCounts;
  /** Histogram: number of URNs in one status call -> how many status calls had that many. */
  urnsPerStatusCall: Record<string, number>;
  /** Status calls that arrived tunneled (POST with X-HTTP-Method-Override: GET); also counted under GET. */
  tunneledStatusCalls: number;
  /** externalJobPostingId -> operation -> how many elements were submitted. */
  postingsByExternalId: Record<string, Partial<Record<JobOperation, number>>>;
  tokensIssued: number;
  tasksCreated: number;
}

export interface LinkedInSandbox {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  setRules(rules: PostingRule[]): void;
  addRules(rules: PostingRule[]): void;
  configure(knobs: Partial<SandboxKnobs>): void;
  counters(): SandboxCounters;
  close(): Promise<void>;
}
