import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyErrorMessage } from '../activities/classification/classify';
import {
  ALERT_EVENT,
  alertForCategory,
  alertRequestBody,
  createNotificationActivities,
  outcomeNotificationFor,
  signBody,
  verifySignature,
  type AffectedOperation,
  type Alert,
  type NotificationConfig,
  type OutcomeNotification,
} from '../activities/notifications';
import type { OperationResult } from '../workflows/definitions';

// ---------------------------------------------------------------------------------------------------------------
// A real webhook receiver on loopback that records every request and answers from a queue.

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Answered in order; once empty, every request gets 200. */
  readonly answers: Answer[] = [];
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = this.answers.shift() ?? { status: 200, body: 'ok' };
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  async close(): Promise<void> {
    this.hanging.forEach((res) => res.destroy());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const OUTCOME_SECRET = 'whsec-outcome-4f1c2a9e';
const ALERT_SECRET = 'whsec-alert-77b0d3c1';
/** Slack puts the credential in the path of its incoming-webhook URLs. */
const SLACK_STYLE_PATH = '/services/T0001/B0002/xoxSecretPathToken123';
const NOW_MS = Date.parse('2025-03-01T12:00:00Z');
const NOW_SEC = NOW_MS / 1000;

const OPERATION: AffectedOperation = {
  workflowId: 'linkedin-job/CREATE/ext-42/3',
  operation: 'CREATE',
  externalJobPostingId: 'ext-42',
  taskUrns: ['urn:li:simpleJobPostingTask:7f3c1e2a-0001'],
};

function outcomeNotification(overrides: Partial<OutcomeNotification> = {}): OutcomeNotification {
  return {
    idempotencyKey: 'linkedin-job/CREATE/ext-42/3:operation.needs_attention',
    event: 'operation.needs_attention',
    workflowId: OPERATION.workflowId,
    operation: 'CREATE',
    externalJobPostingId: 'ext-42',
    outcome: 'INVALID_PAYLOAD',
    category: 'INVALID_PAYLOAD',
    fields: ['description'],
    resolution: 'Ensure the description of the job posing is more than 100 characters',
    linkedInJobId: null,
    duplicateJobUrl: null,
    tasks: [
      {
        taskUrn: 'urn:li:simpleJobPostingTask:7f3c1e2a-0001',
        status: 'FAILED',
        outcome: 'FAILED',
        errorMessage: 'The description length should be at least 100 characters',
        category: 'INVALID_PAYLOAD',
      },
    ],
    occurredAt: '2025-03-01T11:59:00.000Z',
    ...overrides,
  };
}

function budgetAlert(): Alert {
  return alertForCategory(
    {
      category: 'BUDGET_EXHAUSTED',
      scope: 'contract',
      operations: [OPERATION, { ...OPERATION, workflowId: 'linkedin-job/CREATE/ext-43/1', externalJobPostingId: 'ext-43' }],
      affectedCount: 12,
      failure: classifyErrorMessage('There is no job budget available for this job.'),
      waitsUntil: '2025-03-08T12:00:00.000Z',
    },
    { idempotencyKey: 'budget:contract:2025-03-01T12', occurredAt: '2025-03-01T12:00:00.000Z' },
  );
}

function config(overrides: Partial<NotificationConfig> = {}): NotificationConfig {
  return {
    outcomeWebhookUrl: null,
    outcomeWebhookSecret: null,
    alertWebhookUrl: null,
    alertWebhookSecret: null,
    timeoutMs: 10_000,
    ...overrides,
  };
}

function header(request: ReceivedRequest | undefined, name: string): string {
  const value = request?.headers[name.toLowerCase()];
  if (typeof value !== 'string') throw new Error(`no ${name} header`);
  return value;
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

function expectFree(text: string, ...secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

function failureText(failure: ApplicationFailure): string {
  return `${failure.message}\n${failure.stack ?? ''}\n${JSON.stringify(failure.details ?? [])}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe('webhook signatures', () => {
  const body = JSON.stringify({ hello: 'world' });

  it('verifies what signBody signed, within the tolerance', () => {
    const signature = signBody(body, OUTCOME_SECRET, NOW_SEC);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(body, signature, OUTCOME_SECRET, 300, NOW_SEC + 299)).toBe(true);
  });

  it('rejects a tampered body, a wrong secret, and a stale or future timestamp', () => {
    const signature = signBody(body, OUTCOME_SECRET, NOW_SEC);
    expect(verifySignature(`${body} `, signature, OUTCOME_SECRET, 300, NOW_SEC)).toBe(false);
    expect(verifySignature(body, signature, ALERT_SECRET, 300, NOW_SEC)).toBe(false);
    expect(verifySignature(body, signature, OUTCOME_SECRET, 300, NOW_SEC + 301)).toBe(false);
    expect(verifySignature(body, signature, OUTCOME_SECRET, 300, NOW_SEC - 301)).toBe(false);
  });

  it('rejects malformed headers instead of throwing', () => {
    const digest = signBody(body, OUTCOME_SECRET, NOW_SEC).split('v1=')[1] ?? '';
    for (const malformed of ['', 'garbage', `v1=${digest}`, `t=${NOW_SEC}`, `t=abc,v1=${digest}`, `t=${NOW_SEC},v1=zz`]) {
      expect(verifySignature(body, malformed, OUTCOME_SECRET, 300, NOW_SEC)).toBe(false);
    }
  });

  it('accepts any matching v1 entry, so a secret can be rotated', () => {
    const withOld = signBody(body, 'old-secret', NOW_SEC);
    const withNew = signBody(body, OUTCOME_SECRET, NOW_SEC).split(',')[1];
    expect(verifySignature(body, `${withOld},${withNew}`, OUTCOME_SECRET, 300, NOW_SEC)).toBe(true);
    expect(verifySignature(body, `${withOld},${withNew}`, 'old-secret', 300, NOW_SEC)).toBe(true);
  });
});

describe('notification activities over HTTP', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  function activities(overrides: Partial<NotificationConfig> = {}, log: (entry: object) => void = () => undefined) {
    return createNotificationActivities(
      config({
        outcomeWebhookUrl: receiver.url('/hooks/outcomes'),
        outcomeWebhookSecret: OUTCOME_SECRET,
        alertWebhookUrl: receiver.url(SLACK_STYLE_PATH),
        alertWebhookSecret: ALERT_SECRET,
        ...overrides,
      }),
      { log, now: () => NOW_MS },
    );
  }

  it('posts the outcome as signed JSON with idempotency and event headers', async () => {
    const notification = outcomeNotification();
    const receipt = await activities().notifyPostingService(notification);

    expect(receipt).toEqual({ delivered: 'webhook', httpStatus: 200 });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/outcomes');
    expect(header(request, 'Content-Type')).toBe('application/json');
    expect(header(request, 'Idempotency-Key')).toBe(notification.idempotencyKey);
    expect(header(request, 'X-LinkedIn-Job-Tracker-Event')).toBe('operation.needs_attention');
    expect(JSON.parse(request?.body ?? '')).toEqual(notification);

    const signature = header(request, 'X-LinkedIn-Job-Tracker-Signature');
    expect(signature.startsWith(`t=${NOW_SEC},`)).toBe(true);
    expect(verifySignature(request?.body ?? '', signature, OUTCOME_SECRET, 300, NOW_SEC)).toBe(true);
    const tampered = (request?.body ?? '').replace('INVALID_PAYLOAD', 'SUCCEEDED');
    expect(tampered).not.toBe(request?.body);
    expect(verifySignature(tampered, signature, OUTCOME_SECRET, 300, NOW_SEC)).toBe(false);
  });

  it('sends the same idempotency key and body when a failed delivery is retried', async () => {
    receiver.answers.push({ status: 503, body: 'upstream down' });
    const notify = activities();
    const notification = outcomeNotification();

    await expect(notify.notifyPostingService(notification)).rejects.toBeInstanceOf(ApplicationFailure);
    await notify.notifyPostingService(notification);

    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect(header(second, 'Idempotency-Key')).toBe(header(first, 'Idempotency-Key'));
    expect(second?.body).toBe(first?.body);
  });

  it('sends no signature header when no secret is configured', async () => {
    await activities({ outcomeWebhookSecret: null }).notifyPostingService(outcomeNotification());
    expect(receiver.requests[0]?.headers['x-linkedin-job-tracker-signature']).toBeUndefined();
  });

  it('posts an alert that a Slack incoming webhook accepts, signed with the alert secret', async () => {
    const alert = budgetAlert();
    const receipt = await activities({
      temporalUiBaseUrl: 'http://localhost:8233/namespaces/default',
    }).sendAlert(alert);

    expect(receipt).toEqual({ delivered: 'webhook', httpStatus: 200 });
    const [request] = receiver.requests;
    expect(request?.path).toBe(SLACK_STYLE_PATH);
    expect(header(request, 'Idempotency-Key')).toBe('budget:contract:2025-03-01T12');
    expect(header(request, 'X-LinkedIn-Job-Tracker-Event')).toBe(ALERT_EVENT);
    const signature = header(request, 'X-LinkedIn-Job-Tracker-Signature');
    expect(verifySignature(request?.body ?? '', signature, ALERT_SECRET, 300, NOW_SEC)).toBe(true);
    expect(verifySignature(request?.body ?? '', signature, OUTCOME_SECRET, 300, NOW_SEC)).toBe(false);

    const body = JSON.parse(request?.body ?? '') as {
      text: unknown;
      blocks: { type: string; text?: { type: string; text: string } }[];
      alert: Alert;
    };
    expect(typeof body.text).toBe('string');
    expect(body.text).toContain('Budget exhausted (contract scope): 12 operations waiting');
    expect(body.text).toContain('What to do');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '[CRITICAL] Budget exhausted (contract scope): 12 operations waiting' },
    });
    expect(body.blocks[1]?.type).toBe('section');
    expect(body.blocks[1]?.text?.type).toBe('mrkdwn');
    expect(body.alert).toMatchObject({
      idempotencyKey: alert.idempotencyKey,
      severity: 'critical',
      category: 'BUDGET_EXHAUSTED',
      workflowIds: ['linkedin-job/CREATE/ext-42/3', 'linkedin-job/CREATE/ext-43/1'],
      uiLinks: [
        'http://localhost:8233/namespaces/default/workflows/linkedin-job%2FCREATE%2Fext-42%2F3',
        'http://localhost:8233/namespaces/default/workflows/linkedin-job%2FCREATE%2Fext-43%2F1',
      ],
    });
    const linkSection = body.blocks.find((block) => block.text?.text.includes('Temporal UI'));
    expect(linkSection?.text?.text).toContain(
      '<http://localhost:8233/namespaces/default/workflows/linkedin-job%2FCREATE%2Fext-42%2F3|linkedin-job/CREATE/ext-42/3>',
    );
  });

  it('treats a 4xx answer as a non-retryable rejection naming the status, never the secret or URL', async () => {
    receiver.answers.push({ status: 404, body: 'no_service' });
    const failure = await failureOf(activities().sendAlert(budgetAlert()));

    expect(failure.type).toBe('WebhookRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('HTTP 404');
    expect(failure.message).toContain('no_service');
    expectFree(failureText(failure), ALERT_SECRET, OUTCOME_SECRET, 'xoxSecretPathToken123');
  });

  it('treats a redirect as a rejection: the webhook URL needs reconfiguring', async () => {
    receiver.answers.push({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const failure = await failureOf(activities().notifyPostingService(outcomeNotification()));
    expect(failure.type).toBe('WebhookRejected');
    expect(failure.nonRetryable).toBe(true);
  });

  it('retries a 5xx answer after the Retry-After seconds', async () => {
    receiver.answers.push({ status: 503, headers: { 'retry-after': '120' }, body: 'maintenance' });
    const failure = await failureOf(activities().notifyPostingService(outcomeNotification()));

    expect(failure.type).toBe('WebhookUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(120_000);
    expect(failure.message).toContain('HTTP 503');
  });

  it('retries a 429 answer at the Retry-After date', async () => {
    receiver.answers.push({ status: 429, headers: { 'retry-after': new Date(NOW_MS + 90_000).toUTCString() } });
    const failure = await failureOf(activities().sendAlert(budgetAlert()));

    expect(failure.type).toBe('WebhookUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(90_000);
  });

  it('leaves the delay to the retry policy when a retryable answer has no Retry-After', async () => {
    receiver.answers.push({ status: 408 }, { status: 500 });
    const notify = activities();
    for (const status of [408, 500]) {
      const failure = await failureOf(notify.notifyPostingService(outcomeNotification()));
      expect(failure.type).toBe('WebhookUnavailable');
      expect(failure.nonRetryable).toBe(false);
      expect(failure.nextRetryDelay).toBeUndefined();
      expect(failure.message).toContain(`HTTP ${status}`);
    }
  });

  it('gives up on a receiver that does not answer within the timeout, retryably', async () => {
    receiver.answers.push('hang');
    const failure = await failureOf(activities({ timeoutMs: 200 }).sendAlert(budgetAlert()));

    expect(failure.type).toBe('WebhookUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('no answer within 200 ms');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries when nothing listens, without quoting the secret part of the URL', async () => {
    const closed = new WebhookReceiver();
    await closed.start();
    const deadUrl = closed.url(SLACK_STYLE_PATH);
    await closed.close();

    const failure = await failureOf(activities({ alertWebhookUrl: deadUrl }).sendAlert(budgetAlert()));
    expect(failure.type).toBe('WebhookUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expectFree(failureText(failure), 'xoxSecretPathToken123', ALERT_SECRET);
  });

  it('refuses, without sending, an idempotency key that cannot be an HTTP header', async () => {
    const failure = await failureOf(
      activities().notifyPostingService(outcomeNotification({ idempotencyKey: 'key\r\nX-Injected: 1' })),
    );
    expect(failure.type).toBe('InvalidNotification');
    expect(failure.nonRetryable).toBe(true);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('notification activities without webhooks', () => {
  it('write one structured log line per notification and never a secret', async () => {
    const entries: object[] = [];
    const notify = createNotificationActivities(
      config({ outcomeWebhookSecret: OUTCOME_SECRET, alertWebhookSecret: ALERT_SECRET }),
      { log: (entry) => entries.push(entry) },
    );
    const notification = outcomeNotification();
    const alert = budgetAlert();

    await expect(notify.notifyPostingService(notification)).resolves.toEqual({ delivered: 'log' });
    await expect(notify.sendAlert(alert)).resolves.toEqual({ delivered: 'log' });

    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ level: 'info', kind: 'outcome', ...notification });
    expect(entries[1]).toMatchObject({ level: 'error', kind: 'alert', ...alert });
    expect((entries[1] as { msg: string }).msg).toContain(alert.title);
    expectFree(JSON.stringify(entries), OUTCOME_SECRET, ALERT_SECRET);
  });

  it('log through console.log as one JSON line by default', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await createNotificationActivities(config()).notifyPostingService(outcomeNotification());
      expect(spy).toHaveBeenCalledTimes(1);
      const line = spy.mock.calls[0]?.[0] as string;
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ level: 'info', kind: 'outcome', workflowId: OPERATION.workflowId });
    } finally {
      spy.mockRestore();
    }
  });

  it('refuse a configuration they could not deliver with, without quoting it', () => {
    expect(() => createNotificationActivities(config({ alertWebhookUrl: `ftp://hooks${SLACK_STYLE_PATH}` }))).toThrow(
      /alertWebhookUrl must be an absolute http\(s\) URL/,
    );
    let refusal: unknown;
    try {
      createNotificationActivities(config({ alertWebhookUrl: `not a url ${SLACK_STYLE_PATH}` }));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RangeError);
    expectFree(String(refusal), 'xoxSecretPathToken123');
    expect(() => createNotificationActivities(config({ outcomeWebhookSecret: '' }))).toThrow(/outcomeWebhookSecret/);
    expect(() => createNotificationActivities(config({ timeoutMs: 0 }))).toThrow(/timeoutMs/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('alert messages', () => {
  const envelope = { idempotencyKey: 'k-1', occurredAt: '2025-03-01T12:00:00.000Z' };

  function sectionsOf(text: string): void {
    expect(text).toContain('*What happened*');
    expect(text).toContain('*What the service did*');
    expect(text).toContain('*What to do*');
  }

  it('TRANSIENT: says how often it resubmitted and that the job is not live', () => {
    const failure = classifyErrorMessage(
      'This job was dropped because of an unexpected error that occurred during job ingestion. This is meant to be a catch-all error.',
    );
    const alert = alertForCategory({ category: 'TRANSIENT', operation: OPERATION, failure, resubmissions: 3 }, envelope);
    expect(alert).toMatchObject({ severity: 'warning', category: 'TRANSIENT', workflowIds: [OPERATION.workflowId] });
    expect(alert.title).toBe('LinkedIn kept failing CREATE of job ext-42: gave up after 3 resubmissions');
    sectionsOf(alert.text);
    expect(alert.text).toContain('dropped the CREATE 4 times');
    expect(alert.text).toContain('The job is not on LinkedIn.');
    expect(alert.text).toContain('urn:li:simpleJobPostingTask:7f3c1e2a-0001');
  });

  it('BUDGET_EXHAUSTED: names the scope and how many operations wait, and how to resume them', () => {
    const alert = budgetAlert();
    expect(alert.title).toBe('Budget exhausted (contract scope): 12 operations waiting');
    expect(alert.severity).toBe('critical');
    expect(alert.text).toContain("LinkedIn's resolution: \"Please update the job posting credits for contract\".");
    expect(alert.text).toContain('until 2025-03-08T12:00:00.000Z');
    expect(alert.text).toContain('`resume`');
    expect(alert.text).toContain('…and 10 more');
  });

  it('BUDGET_EXHAUSTED: a job budget is a warning, an account budget critical; the contract is named when known', () => {
    const base = { operations: [OPERATION], waitsUntil: '2025-03-08T12:00:00.000Z' };
    const job = alertForCategory(
      { category: 'BUDGET_EXHAUSTED', scope: 'job', failure: classifyErrorMessage("This job's budget has ran out."), ...base },
      envelope,
    );
    expect(job.severity).toBe('warning');
    expect(job.title).toBe('Budget exhausted (job scope): 1 operation waiting');
    const account = alertForCategory({ category: 'BUDGET_EXHAUSTED', scope: 'account', failure: null, ...base }, envelope);
    expect(account.severity).toBe('critical');
    expect(account.text).toContain("Raise the recruiter account's credits");
    const contract = alertForCategory(
      { category: 'BUDGET_EXHAUSTED', scope: 'contract', contract: 'urn:li:contract:991', failure: null, ...base },
      envelope,
    );
    expect(contract.title).toBe('Budget exhausted (contract scope, urn:li:contract:991): 1 operation waiting');
  });

  it('DUPLICATE: carries the LinkedIn job id and says it is never resubmitted', () => {
    const failure = classifyErrorMessage(
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Trying to create a job with same partnerIdentifier already exists. It is duplicate creation request for a basic job or a non-draft premium job. Dropping the duplicate job posting creation request. LinkedIn job id: 3900123456, externalJobPostingId: ext-42',
    );
    const alert = alertForCategory({ category: 'DUPLICATE', operation: OPERATION, failure }, envelope);
    expect(alert.title).toBe('Duplicate on LinkedIn: CREATE of job ext-42 (LinkedIn job 3900123456)');
    expect(alert.text).toContain('never resubmits');
  });

  it('INVALID_PAYLOAD: names the fields and quotes the resolution', () => {
    const failure = classifyErrorMessage(
      'Job {partner=urn:li:jobPostingPartner:1, partnerJobCode=ext-42} was dropped: true Invalid Field: /city; Invalid Field: /description; Drop Message: The description length should be at least 100 characters',
    );
    const alert = alertForCategory({ category: 'INVALID_PAYLOAD', operation: OPERATION, failure }, envelope);
    expect(alert.title).toBe(`Invalid posting: CREATE of job ext-42 rejected for ${failure.fields.join(', ')}`);
    expect(failure.fields).toEqual(expect.arrayContaining(['description', 'location']));
    expect(alert.text).toContain('`description`');
    expect(alert.text).toContain("LinkedIn's resolution:");
  });

  it('JOB_NOT_FOUND: points at the latest CREATE', () => {
    const failure = classifyErrorMessage(
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Operation type RENEW is not allowed for a non-existing job',
    );
    const renew = { ...OPERATION, operation: 'RENEW' as const };
    const alert = alertForCategory({ category: 'JOB_NOT_FOUND', operation: renew, failure }, envelope);
    expect(alert.title).toBe('LinkedIn has no job ext-42: RENEW refused');
    expect(alert.text).toContain('latest CREATE');
  });

  it('POLICY_REJECTED, BLOCKED, CLOSED_BY_POSTER: say there is no retry and who acts', () => {
    const policy = alertForCategory(
      {
        category: 'POLICY_REJECTED',
        operation: OPERATION,
        failure: classifyErrorMessage(
          'This job was flagged by the jobs trust team as a low quality job. It was closed and will not be ingested again in the future.',
        ),
      },
      envelope,
    );
    expect(policy.title).toBe('LinkedIn rejected CREATE of job ext-42 on policy grounds');
    expect(policy.text).toContain('No retry');

    const blocked = alertForCategory(
      {
        category: 'BLOCKED',
        operation: OPERATION,
        failure: classifyErrorMessage('The company page this job is linked to has blocked the posting.'),
      },
      envelope,
    );
    expect(blocked.severity).toBe('critical');
    expect(blocked.text).toContain('LinkedIn customer support');

    const closed = alertForCategory(
      { category: 'CLOSED_BY_POSTER', operation: OPERATION, failure: classifyErrorMessage('This job was closed by original poster.') },
      envelope,
    );
    expect(closed.title).toBe('Job ext-42 was closed by its original poster on LinkedIn');
  });

  it('UNKNOWN: quotes the message verbatim', () => {
    const message = 'Something <new> & unexpected happened: "code 77"';
    const alert = alertForCategory({ category: 'UNKNOWN', operation: OPERATION, failure: classifyErrorMessage(message) }, envelope);
    expect(alert.title).toBe('Unrecognised LinkedIn error for CREATE of job ext-42');
    expect(alert.text).toContain(`\`\`\`\n${message}\n\`\`\``);
    // Slack reads a raw `<` as the start of a link: the request body escapes it, the structured alert keeps it.
    const body = alertRequestBody(alert);
    expect(body.blocks[1]?.text?.text).toContain('Something &lt;new&gt; &amp; unexpected');
    expect(body.alert.text).toContain(message);
  });

  it('TIMED_OUT: lists the unfinished tasks and that the job may still go live', () => {
    const alert = alertForCategory(
      {
        category: 'TIMED_OUT',
        operation: OPERATION,
        deadline: '2025-03-02T12:00:00.000Z',
        unfinishedTaskUrns: ['urn:li:simpleJobPostingTask:7f3c1e2a-0001'],
      },
      envelope,
    );
    expect(alert.title).toBe('LinkedIn did not finish CREATE of job ext-42 before the tracking deadline');
    expect(alert.text).toContain('At the deadline (2025-03-02T12:00:00.000Z) LinkedIn still reported 1 task');
    expect(alert.text).toContain('may still go live');
  });

  it('CREDENTIALS: critical, counts the affected operations and says which settings to check', () => {
    const alert = alertForCategory(
      { category: 'CREDENTIALS', operations: [OPERATION], httpStatus: 401, message: 'Invalid access token' },
      envelope,
    );
    expect(alert).toMatchObject({ severity: 'critical', category: 'CREDENTIALS', workflowIds: [OPERATION.workflowId] });
    expect(alert.title).toBe("LinkedIn rejects the service's credentials (HTTP 401): 1 operation affected");
    expect(alert.text).toContain('LINKEDIN_CLIENT_SECRET');
  });

  it('keeps the Slack header within 150 characters', () => {
    const long = alertForCategory(
      {
        category: 'UNKNOWN',
        operation: { ...OPERATION, externalJobPostingId: 'x'.repeat(200) },
        failure: classifyErrorMessage('odd'),
      },
      envelope,
    );
    const header = alertRequestBody(long).blocks[0]?.text?.text ?? '';
    expect(header.length).toBeLessThanOrEqual(150);
    expect(header.endsWith('…')).toBe(true);
  });
});

describe('outcomeNotificationFor', () => {
  const base: Omit<OperationResult, 'outcome' | 'tasks'> = {
    operation: 'CREATE',
    externalJobPostingId: 'ext-42',
    submittedAt: '2025-03-01T11:00:00.000Z',
    completedAt: '2025-03-01T11:06:00.000Z',
    attempts: [],
  };
  const envelope = { workflowId: OPERATION.workflowId, occurredAt: '2025-03-01T11:06:00.000Z' };

  it('reports a success with the live job id and a key per workflow and event', () => {
    const notification = outcomeNotificationFor(
      {
        ...base,
        outcome: 'SUCCEEDED',
        tasks: [
          {
            taskUrn: 'urn:li:simpleJobPostingTask:a1',
            status: 'SUCCEEDED',
            outcome: 'SUCCEEDED',
            jobPostingUrn: 'urn:li:jobPosting:3900000001',
          },
        ],
      },
      envelope,
    );
    expect(notification).toEqual({
      idempotencyKey: `${OPERATION.workflowId}:operation.completed`,
      event: 'operation.completed',
      workflowId: OPERATION.workflowId,
      operation: 'CREATE',
      externalJobPostingId: 'ext-42',
      outcome: 'SUCCEEDED',
      category: null,
      fields: [],
      resolution: null,
      linkedInJobId: '3900000001',
      duplicateJobUrl: null,
      tasks: [
        {
          taskUrn: 'urn:li:simpleJobPostingTask:a1',
          status: 'SUCCEEDED',
          outcome: 'SUCCEEDED',
          jobPostingUrn: 'urn:li:jobPosting:3900000001',
        },
      ],
      occurredAt: '2025-03-01T11:06:00.000Z',
    });
  });

  it('reports a duplicate with its LinkedIn job id', () => {
    const message =
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Trying to create a job with same partnerIdentifier already exists. It is duplicate creation request for a basic job or a non-draft premium job. Dropping the duplicate job posting creation request. LinkedIn job id: 3900123456, externalJobPostingId: ext-42';
    const failure = classifyErrorMessage(message);
    const notification = outcomeNotificationFor(
      {
        ...base,
        outcome: 'DUPLICATE',
        tasks: [{ taskUrn: 'urn:li:simpleJobPostingTask:a1', status: 'FAILED', outcome: 'FAILED', errorMessage: message, failure }],
      },
      envelope,
    );
    expect(notification.event).toBe('operation.duplicate');
    expect(notification.category).toBe('DUPLICATE');
    expect(notification.linkedInJobId).toBe('3900123456');
    expect(notification.tasks[0]).toMatchObject({ category: 'DUPLICATE', errorMessage: message });
  });

  it('needs attention for a partial success, with the failed location’s fields and resolution', () => {
    const message = 'This job has an invalid location.';
    const failure = classifyErrorMessage(message);
    const notification = outcomeNotificationFor(
      {
        ...base,
        outcome: 'PARTIALLY_SUCCEEDED',
        tasks: [
          { taskUrn: 'urn:li:simpleJobPostingTask:a1', location: 'Paris, France', status: 'SUCCEEDED', outcome: 'SUCCEEDED' },
          { taskUrn: 'urn:li:simpleJobPostingTask:a2', location: 'Atlantis', status: 'FAILED', outcome: 'FAILED', errorMessage: message, failure },
        ],
      },
      { ...envelope, idempotencyKey: 'custom-key' },
    );
    expect(notification).toMatchObject({
      idempotencyKey: 'custom-key',
      event: 'operation.needs_attention',
      category: 'INVALID_PAYLOAD',
      fields: ['location'],
      resolution: failure.resolution,
    });
  });

  it("prefers the result's duplicate record and passes on the latest CREATE of a failed UPDATE", () => {
    const message = 'This job was closed by original poster.';
    const notification = outcomeNotificationFor(
      {
        ...base,
        operation: 'UPDATE',
        outcome: 'CLOSED_BY_POSTER',
        tasks: [
          {
            taskUrn: 'urn:li:simpleJobPostingTask:a1',
            status: 'FAILED',
            outcome: 'FAILED',
            errorMessage: message,
            failure: classifyErrorMessage(message),
          },
        ],
        duplicate: { linkedInJobId: '3900000777', duplicateJobUrl: 'https://www.linkedin.com/jobs/view/3900000777' },
        latestCreate: { workflowId: 'linkedin-job/CREATE/ext-42', outcome: 'SUCCEEDED', live: true },
      },
      envelope,
    );
    expect(notification).toMatchObject({
      category: 'CLOSED_BY_POSTER',
      linkedInJobId: '3900000777',
      duplicateJobUrl: 'https://www.linkedin.com/jobs/view/3900000777',
      latestCreate: { workflowId: 'linkedin-job/CREATE/ext-42', outcome: 'SUCCEEDED', live: true },
    });
  });

  it('passes on a rejected submission', () => {
    const notification = outcomeNotificationFor(
      { ...base, outcome: 'SUBMISSION_REJECTED', tasks: [], rejection: { httpStatus: 422, message: 'title is required' } },
      envelope,
    );
    expect(notification.event).toBe('operation.needs_attention');
    expect(notification.rejection).toEqual({ httpStatus: 422, message: 'title is required' });
  });
});
