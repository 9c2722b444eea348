/**
 * The service's configuration, read once from the environment (and an optional .env file) with defaults.
 * Every problem is reported at start, naming the variable and what is wrong with it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ms, { type StringValue } from 'ms';
import type { LinkedInClientConfig } from '../activities/linkedin/config';
import type { NotificationConfig } from '../activities/notifications';
import { MAX_DEADLINE_MS, type TrackingPolicy } from '../workflows/input';
import type { LogLevel } from '@temporalio/common';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat } from './log-settings';
import type { TemporalTlsSettings } from './temporal-connection';

export const SANDBOX_CREDENTIALS = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' } as const;
export const LINKEDIN_API_URL = 'https://api.linkedin.com';
export const LINKEDIN_TOKEN_URL = 'https://www.linkedin.com/oauth/v2/accessToken';

export interface Config {
  temporal: {
    /** Unset: the dev stack starts its own server; workers and the CLI use localhost:7233. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    /** TLS to the frontend: mTLS files, a private CA, a server name override (worker/temporal-connection.ts). */
    tls: TemporalTlsSettings;
    /** Temporal Cloud API key; implies TLS. Never logged. */
    apiKey: string | undefined;
  };
  worker: {
    shutdownGraceMs: number;
    /** Pre-built workflow bundle; unset: dist/workflow-bundle.js if present, else the worker bundles at start. */
    workflowBundle: string | undefined;
  };
  observability: {
    logLevel: LogLevel;
    /** Unset: the entry point's own (json for `npm run worker`, pretty for `npm start`). */
    logFormat: LogFormat | undefined;
    /** host:port of the Prometheus endpoint; null: none. */
    metricsBindAddress: string | null;
  };
  linkedIn: LinkedInClientConfig & {
    /** `sandbox` when no credentials are configured: the dev stack then starts the LinkedIn sandbox. */
    target: 'sandbox' | 'linkedin';
  };
  tracking: TrackingPolicy;
  /** How a worker spends its share of LinkedIn's daily status-call quota. */
  statusLookups: {
    /** This worker's share: the application's quota divided by the number of workers. */
    statusCallsPerDay: number;
    coalescingWindowMs: number;
    maxBudgetWaitMs: number;
  };
  notifications: NotificationConfig;
  devStack: {
    temporalPort: number;
    uiPort: number;
    databaseFile: string;
    sandboxPort: number;
    sandboxProcessingMs: number;
    sandboxRulesFile: string | undefined;
    /** Where the sandbox keeps its jobs and tasks across restarts; undefined: in memory. */
    sandboxStateFile: string | undefined;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One documented variable: the README's configuration table and .env.example are checked against these. */
export interface Variable {
  name: string;
  default: string;
  description: string;
}

export const VARIABLES: Variable[] = [
  { name: 'TEMPORAL_ADDRESS', default: '', description: 'Temporal frontend host:port. Unset: `npm start` runs a local dev server; the worker and CLI use localhost:7233.' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', description: 'Temporal namespace.' },
  { name: 'TEMPORAL_TASK_QUEUE', default: 'linkedin-job-tracker', description: 'Task queue of the workers.' },
  { name: 'TEMPORAL_TLS', default: '', description: "`true`: TLS with the system's CAs and no client certificate. Implied by any TEMPORAL_TLS_* setting and by TEMPORAL_API_KEY." },
  { name: 'TEMPORAL_TLS_CERT', default: '', description: 'PEM client certificate file for mTLS (with TEMPORAL_TLS_KEY).' },
  { name: 'TEMPORAL_TLS_KEY', default: '', description: 'PEM private key file of TEMPORAL_TLS_CERT.' },
  { name: 'TEMPORAL_TLS_CA', default: '', description: "PEM CA file that signed the server's certificate, when the system does not trust it." },
  { name: 'TEMPORAL_TLS_SERVER_NAME', default: '', description: "Name to verify the server's certificate against (SNI), when it is not the host of TEMPORAL_ADDRESS." },
  { name: 'TEMPORAL_API_KEY', default: '', description: 'Temporal Cloud API key; turns TLS on. Never logged.' },
  { name: 'WORKER_SHUTDOWN_GRACE', default: '30s', description: 'On SIGINT/SIGTERM, how long in-flight activities get to finish before they are cancelled.' },
  { name: 'WORKFLOW_BUNDLE', default: '', description: 'Pre-built workflow bundle (`npm run build:workflows`). Unset: dist/workflow-bundle.js if present, else the worker bundles at start.' },
  { name: 'METRICS_BIND_ADDRESS', default: '127.0.0.1:9464', description: "host:port of the worker's Prometheus endpoint (`/metrics`). Set to empty for none." },
  { name: 'LOG_LEVEL', default: 'INFO', description: 'TRACE, DEBUG, INFO, WARN or ERROR.' },
  { name: 'LOG_FORMAT', default: '', description: '`json` (one object per line) or `pretty`. Unset: json for `npm run worker`, pretty for `npm start`.' },
  { name: 'LINKEDIN_CLIENT_ID', default: '', description: 'OAuth client id. Unset (with the secret): the LinkedIn sandbox is used.' },
  { name: 'LINKEDIN_CLIENT_SECRET', default: '', description: 'OAuth client secret. Never logged, never in a workflow history.' },
  { name: 'LINKEDIN_API_URL', default: '', description: `LinkedIn API base URL. Unset: ${LINKEDIN_API_URL} with credentials, the sandbox (http://127.0.0.1:SANDBOX_PORT) without.` },
  { name: 'LINKEDIN_TOKEN_URL', default: '', description: `OAuth token endpoint. Unset: ${LINKEDIN_TOKEN_URL} with credentials, the sandbox's without.` },
  { name: 'LINKEDIN_MAX_URNS_PER_STATUS_CALL', default: '50', description: 'Task URNs per status request; more are split.' },
  { name: 'LINKEDIN_MAX_QUERY_STRING_BYTES', default: '4096', description: 'Longer status queries go through query tunneling.' },
  { name: 'LINKEDIN_STATUS_CALLS_PER_DAY', default: '300000', description: "The application's status-call quota per UTC day (LinkedIn: 300,000)." },
  { name: 'LINKEDIN_WORKER_COUNT', default: '1', description: 'How many worker processes share that quota; each spends its share evenly over the day.' },
  { name: 'LINKEDIN_STATUS_COALESCING_WINDOW', default: '1s', description: 'Status polls of different workflows arriving within this window share one call.' },
  { name: 'LINKEDIN_STATUS_MAX_BUDGET_WAIT', default: '30s', description: 'Longest a poll waits for the quota before Temporal retries it later (keep under 1 minute).' },
  { name: 'LINKEDIN_CONNECT_TIMEOUT', default: '5s', description: 'Connect timeout of LinkedIn calls.' },
  { name: 'LINKEDIN_RESPONSE_TIMEOUT', default: '30s', description: 'Response (headers and body) timeout of LinkedIn calls.' },
  { name: 'LINKEDIN_TOKEN_REFRESH_MARGIN', default: '60s', description: 'Renew the access token this long before it expires.' },
  { name: 'TRACKING_FIRST_CHECK_DELAY', default: '5m', description: 'Wait after submission before the first status check (LinkedIn: 5 minutes).' },
  { name: 'TRACKING_DEADLINE', default: '24h', description: 'Give up on tasks still IN_PROGRESS this long after submission (at most 30d).' },
  { name: 'TRACKING_POLL_INITIAL_INTERVAL', default: '1m', description: 'First interval between status polls.' },
  { name: 'TRACKING_POLL_BACKOFF_COEFFICIENT', default: '2', description: 'Each poll interval is the previous one times this.' },
  { name: 'TRACKING_POLL_MAX_INTERVAL', default: '15m', description: 'Longest interval between status polls.' },
  { name: 'TRACKING_MAX_RESUBMISSIONS', default: '3', description: "Resubmissions after LinkedIn's catch-all (TRANSIENT) error before alerting." },
  { name: 'TRACKING_RESUBMISSION_DELAY', default: '5m', description: 'Wait before the first resubmission; doubles for each next one.' },
  { name: 'TRACKING_BUDGET_WAIT', default: '7d', description: 'How long an operation on a spent budget waits for an operator to resume or abandon it.' },
  { name: 'TRACKING_BUDGET_ALERT_WINDOW', default: '1h', description: 'One budget alert per budget scope within this window.' },
  { name: 'OUTCOME_WEBHOOK_URL', default: '', description: "Where the posting service hears each operation's outcome. Unset: outcomes go to the log." },
  { name: 'OUTCOME_WEBHOOK_SECRET', default: '', description: 'HMAC key that signs outcome deliveries (docs/webhooks.md). Never logged.' },
  { name: 'ALERT_WEBHOOK_URL', default: '', description: 'Slack-style incoming webhook for alerts to people. Unset: alerts go to the log.' },
  { name: 'ALERT_WEBHOOK_SECRET', default: '', description: 'HMAC key that signs alert deliveries. Never logged.' },
  { name: 'WEBHOOK_TIMEOUT', default: '10s', description: 'Bound on one webhook delivery attempt (Temporal retries failed ones).' },
  { name: 'TEMPORAL_UI_URL', default: 'http://localhost:8233', description: 'Temporal Web UI base URL, for links in alerts and the CLI.' },
  { name: 'DEV_TEMPORAL_PORT', default: '7233', description: '`npm start`: port of the local Temporal dev server.' },
  { name: 'DEV_TEMPORAL_UI_PORT', default: '8233', description: '`npm start`: port of the Temporal Web UI.' },
  { name: 'DEV_TEMPORAL_DB', default: '.data/temporal.sqlite', description: '`npm start`: SQLite file that keeps workflows across restarts.' },
  { name: 'SANDBOX_PORT', default: '8787', description: 'Port of the LinkedIn sandbox (`npm start`, `npm run sandbox`).' },
  { name: 'SANDBOX_PROCESSING_TIME', default: '3m', description: 'How long sandbox tasks stay IN_PROGRESS.' },
  { name: 'SANDBOX_RULES_FILE', default: '', description: 'JSON file of sandbox outcome rules (docs/sandbox.md).' },
  { name: 'SANDBOX_STATE_FILE', default: '.data/sandbox-state.json', description: "Where the sandbox keeps its jobs and tasks, so a restart of `npm start` loses none. Set to empty to keep them in memory." },
];

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    return VARIABLES.find((v) => v.name === name)?.default ?? '';
  }

  optional(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  duration(name: string): number {
    const value = this.raw(name);
    const parsed = /^\d+$/.test(value) ? Number(value) : ms(value as StringValue);
    if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0) {
      this.problems.push(`${name}=${JSON.stringify(value)} is not a duration (examples: 500ms, 30s, 5m, 24h, 7d)`);
      return 0;
    }
    return parsed;
  }

  number(name: string, { min, integer = true }: { min: number; integer?: boolean }): number {
    const value = this.raw(name);
    const parsed = Number(value);
    if (!value || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < min) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
      return min;
    }
    return parsed;
  }

  /** `secret`: the URL itself is a credential (Slack webhook URLs are), so a problem never quotes it. */
  url(name: string, fallback: string, { secret = false } = {}): string {
    const value = this.optional(name) ?? fallback;
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
      return value.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${secret ? name : `${name}=${JSON.stringify(value)}`} is not an http(s) URL`);
      return fallback;
    }
  }
}

/** Loads `.env` from the working directory into process.env (never overriding what is already set). */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: Env = process.env): Config {
  const read = new Reader(env);
  const clientId = read.optional('LINKEDIN_CLIENT_ID');
  const clientSecret = read.optional('LINKEDIN_CLIENT_SECRET');
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    read.problems.push('LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET must be set together (or neither, for the sandbox)');
  }
  const target = clientId && clientSecret ? 'linkedin' : 'sandbox';
  const sandboxPort = read.number('SANDBOX_PORT', { min: 0 });
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const apiBaseUrl = read.url('LINKEDIN_API_URL', target === 'linkedin' ? LINKEDIN_API_URL : sandboxUrl);

  const tracking: TrackingPolicy = {
    firstCheckDelayMs: read.duration('TRACKING_FIRST_CHECK_DELAY'),
    deadlineMs: read.duration('TRACKING_DEADLINE'),
    pollInitialIntervalMs: read.duration('TRACKING_POLL_INITIAL_INTERVAL'),
    pollBackoffCoefficient: read.number('TRACKING_POLL_BACKOFF_COEFFICIENT', { min: 1, integer: false }),
    pollMaximumIntervalMs: read.duration('TRACKING_POLL_MAX_INTERVAL'),
    maxResubmissions: read.number('TRACKING_MAX_RESUBMISSIONS', { min: 0 }),
    resubmissionDelayMs: read.duration('TRACKING_RESUBMISSION_DELAY'),
    budgetWaitMs: read.duration('TRACKING_BUDGET_WAIT'),
    budgetAlertWindowMs: read.duration('TRACKING_BUDGET_ALERT_WINDOW'),
  };
  if (tracking.deadlineMs <= 0 || tracking.deadlineMs > MAX_DEADLINE_MS) {
    read.problems.push(`TRACKING_DEADLINE must be more than 0 and at most 30d (a task lives 30 days)`);
  }
  if (tracking.pollInitialIntervalMs <= 0) read.problems.push('TRACKING_POLL_INITIAL_INTERVAL must be more than 0');
  if (tracking.pollMaximumIntervalMs < tracking.pollInitialIntervalMs) {
    read.problems.push('TRACKING_POLL_MAX_INTERVAL must not be shorter than TRACKING_POLL_INITIAL_INTERVAL');
  }

  const tlsFlag = read.optional('TEMPORAL_TLS');
  if (tlsFlag !== undefined && !/^(true|false|1|0)$/i.test(tlsFlag)) {
    read.problems.push(`TEMPORAL_TLS=${JSON.stringify(tlsFlag)} must be true or false`);
  }
  const tls: TemporalTlsSettings = {
    enabled: /^(true|1)$/i.test(tlsFlag ?? ''),
    clientCertFile: read.optional('TEMPORAL_TLS_CERT'),
    clientKeyFile: read.optional('TEMPORAL_TLS_KEY'),
    serverCaFile: read.optional('TEMPORAL_TLS_CA'),
    serverName: read.optional('TEMPORAL_TLS_SERVER_NAME'),
  };
  if (Boolean(tls.clientCertFile) !== Boolean(tls.clientKeyFile)) {
    read.problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together (mTLS needs both)');
  }

  const logLevel = read.raw('LOG_LEVEL').toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) read.problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)} must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = read.optional('LOG_FORMAT')?.toLowerCase() as LogFormat | undefined;
  if (logFormat !== undefined && !LOG_FORMATS.includes(logFormat)) {
    read.problems.push(`LOG_FORMAT=${JSON.stringify(logFormat)} must be one of ${LOG_FORMATS.join(', ')}`);
  }
  // Set but empty turns the endpoint off; unset takes the default.
  const metricsBindAddress = env.METRICS_BIND_ADDRESS === undefined ? read.raw('METRICS_BIND_ADDRESS') : env.METRICS_BIND_ADDRESS.trim();
  const bindPort = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(metricsBindAddress)?.[1];
  if (metricsBindAddress && (bindPort === undefined || Number(bindPort) > 65_535)) {
    read.problems.push(`METRICS_BIND_ADDRESS=${JSON.stringify(metricsBindAddress)} must be host:port (e.g. 0.0.0.0:9464), or empty for none`);
  }

  const config: Config = {
    temporal: {
      address: read.optional('TEMPORAL_ADDRESS'),
      namespace: read.raw('TEMPORAL_NAMESPACE'),
      taskQueue: read.raw('TEMPORAL_TASK_QUEUE'),
      tls,
      apiKey: read.optional('TEMPORAL_API_KEY'),
    },
    worker: {
      shutdownGraceMs: read.duration('WORKER_SHUTDOWN_GRACE'),
      workflowBundle: read.optional('WORKFLOW_BUNDLE'),
    },
    observability: {
      logLevel,
      logFormat,
      metricsBindAddress: metricsBindAddress || null,
    },
    linkedIn: {
      target,
      apiBaseUrl,
      tokenUrl: read.url('LINKEDIN_TOKEN_URL', target === 'linkedin' ? LINKEDIN_TOKEN_URL : `${apiBaseUrl}/oauth/v2/accessToken`),
      clientId: clientId ?? SANDBOX_CREDENTIALS.clientId,
      clientSecret: clientSecret ?? SANDBOX_CREDENTIALS.clientSecret,
      maxUrnsPerStatusCall: read.number('LINKEDIN_MAX_URNS_PER_STATUS_CALL', { min: 1 }),
      maxQueryStringBytes: read.number('LINKEDIN_MAX_QUERY_STRING_BYTES', { min: 256 }),
      connectTimeoutMs: read.duration('LINKEDIN_CONNECT_TIMEOUT'),
      responseTimeoutMs: read.duration('LINKEDIN_RESPONSE_TIMEOUT'),
      tokenRefreshMarginMs: read.duration('LINKEDIN_TOKEN_REFRESH_MARGIN'),
    },
    tracking,
    statusLookups: {
      statusCallsPerDay: Math.floor(read.number('LINKEDIN_STATUS_CALLS_PER_DAY', { min: 1 }) / read.number('LINKEDIN_WORKER_COUNT', { min: 1 })),
      coalescingWindowMs: read.duration('LINKEDIN_STATUS_COALESCING_WINDOW'),
      maxBudgetWaitMs: read.duration('LINKEDIN_STATUS_MAX_BUDGET_WAIT'),
    },
    notifications: {
      outcomeWebhookUrl: read.optional('OUTCOME_WEBHOOK_URL') ? read.url('OUTCOME_WEBHOOK_URL', '', { secret: true }) : null,
      outcomeWebhookSecret: read.optional('OUTCOME_WEBHOOK_SECRET') ?? null,
      alertWebhookUrl: read.optional('ALERT_WEBHOOK_URL') ? read.url('ALERT_WEBHOOK_URL', '', { secret: true }) : null,
      alertWebhookSecret: read.optional('ALERT_WEBHOOK_SECRET') ?? null,
      timeoutMs: read.duration('WEBHOOK_TIMEOUT'),
      temporalUiBaseUrl: `${read.url('TEMPORAL_UI_URL', 'http://localhost:8233')}/namespaces/${encodeURIComponent(read.raw('TEMPORAL_NAMESPACE'))}`,
    },
    devStack: {
      temporalPort: read.number('DEV_TEMPORAL_PORT', { min: 1 }),
      uiPort: read.number('DEV_TEMPORAL_UI_PORT', { min: 1 }),
      databaseFile: path.resolve(read.raw('DEV_TEMPORAL_DB')),
      sandboxPort,
      sandboxProcessingMs: read.duration('SANDBOX_PROCESSING_TIME'),
      sandboxRulesFile: read.optional('SANDBOX_RULES_FILE'),
      // Set but empty keeps the sandbox in memory; unset takes the default file.
      sandboxStateFile: resolvedOrUndefined(env.SANDBOX_STATE_FILE === undefined ? read.raw('SANDBOX_STATE_FILE') : env.SANDBOX_STATE_FILE.trim()),
    },
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function resolvedOrUndefined(file: string): string | undefined {
  return file ? path.resolve(file) : undefined;
}

export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `localhost:${config.devStack.temporalPort}`;
}
