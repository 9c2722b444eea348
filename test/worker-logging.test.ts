/** The worker's structured logger: one JSON object (or readable line) per message, levels, and redaction of secrets. */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { LogTimestamp } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../worker/config';
import { notificationsFor } from '../worker/notifications';
import { isSecretKey, REDACTED, redactLogMeta, redactText } from '../worker/log-redaction';
import { atLeast, StructuredLogger, type LogFormat } from '../worker/structured-logger';

const NOW = new Date('2026-03-10T09:15:00.123Z');

function capture(format: LogFormat = 'json', level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO') {
  const lines: string[] = [];
  const logger = new StructuredLogger({ level, format, write: (line) => lines.push(line), now: () => NOW });
  return { logger, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('JSON lines', () => {
  it('writes one object per message: time, level, message, then the metadata as fields', () => {
    const { logger, lines, json } = capture();
    logger.info('Workflow completed', {
      sdkComponent: 'worker',
      workflowId: 'linkedin-job/CREATE/req-4711/abc',
      runId: 'run-1',
      externalJobPostingId: 'req-4711',
      attempt: 3,
      durationMs: 12.5,
      live: true,
      taskUrns: ['urn:li:simpleJobPostingTask:1'],
    });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(json()[0]).toEqual({
      time: '2026-03-10T09:15:00.123Z',
      level: 'INFO',
      message: 'Workflow completed',
      sdkComponent: 'worker',
      workflowId: 'linkedin-job/CREATE/req-4711/abc',
      runId: 'run-1',
      externalJobPostingId: 'req-4711',
      attempt: 3,
      durationMs: 12.5,
      live: true,
      taskUrns: ['urn:li:simpleJobPostingTask:1'],
    });
  });

  it("takes the time from the SDK's timestamp when the message carries one", () => {
    const { logger, json } = capture();
    logger.warn('from the core', { [LogTimestamp]: BigInt(Date.parse('2026-01-02T03:04:05.678Z')) * 1_000_000n + 999n });
    expect(json()[0]).toEqual({ time: '2026-01-02T03:04:05.678Z', level: 'WARN', message: 'from the core' });
  });

  it('keeps metadata named like a line field under meta.<name> instead of overwriting the field', () => {
    const { logger, json } = capture();
    logger.error('the real message', { message: 'a field', level: 'a field too', time: 0 });
    expect(json()[0]).toEqual({
      time: NOW.toISOString(),
      level: 'ERROR',
      message: 'the real message',
      'meta.message': 'a field',
      'meta.level': 'a field too',
      'meta.time': 0,
    });
  });

  it('drops messages below its level, and atLeast() raises the bar for one caller', () => {
    const { logger, json } = capture('json', 'INFO');
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.log('DEBUG', 'also dropped');
    const quiet = atLeast(logger, 'WARN');
    quiet.info('bundler chatter');
    quiet.warn('bundler warning');
    expect(json().map((line) => [line.level, line.message])).toEqual([
      ['INFO', 'i'],
      ['WARN', 'w'],
      ['ERROR', 'e'],
      ['WARN', 'bundler warning'],
    ]);
  });

  it('writes errors as name, message, stack, failure type and cause; never their details', () => {
    const { logger, json } = capture();
    const failure = ApplicationFailure.create({
      type: 'TasksStillInProgress',
      message: '1 of 1 task(s) still IN_PROGRESS',
      details: [{ reports: [{ taskUrn: 'urn:li:simpleJobPostingTask:in-details', status: 'IN_PROGRESS' }] }],
      cause: new Error('socket hang up'),
    });
    logger.warn('Activity failed', { error: failure });

    const error = json()[0]!.error as Record<string, unknown>;
    expect(error).toMatchObject({ name: 'ApplicationFailure', message: '1 of 1 task(s) still IN_PROGRESS', type: 'TasksStillInProgress', nonRetryable: false });
    expect(error.stack).toEqual(expect.stringContaining('ApplicationFailure'));
    expect(error.cause).toMatchObject({ name: 'Error', message: 'socket hang up' });
    expect(JSON.stringify(error)).not.toContain('in-details');
    expect(error).not.toHaveProperty('details');
  });
});

describe('pretty lines', () => {
  it('puts the time, level and component first, then key=value pairs, and an error stack below', () => {
    const { logger, lines } = capture('pretty');
    logger.info('Worker started', { sdkComponent: 'worker', taskQueue: 'linkedin-job-tracker', temporal: 'host:7233 (mTLS)', slots: 3 });
    logger.error('Worker failed', { error: new Error('boom') });

    expect(lines[0]).toBe('09:15:00.123 INFO  [worker] Worker started taskQueue=linkedin-job-tracker temporal="host:7233 (mTLS)" slots=3');
    const [first, ...stack] = lines[1]!.split('\n');
    expect(first).toBe('09:15:00.123 ERROR Worker failed error="boom"');
    expect(stack[0]).toBe('    Error: boom');
    expect(stack.length).toBeGreaterThan(1);
  });

  it('redacts the same way as JSON', () => {
    const { logger, lines } = capture('pretty');
    logger.info('token refreshed', { accessToken: 'AQX-live-token', url: 'https://x.test/cb?access_token=AQX-live-token' });
    expect(lines[0]).not.toContain('AQX-live-token');
    expect(lines[0]).toContain(`accessToken=${REDACTED}`);
  });
});

describe('redaction', () => {
  it('replaces values under secret-looking keys at any depth, in objects and arrays', () => {
    const redacted = redactLogMeta({
      clientSecret: 's3cr3t',
      apiKey: 'tcld-key',
      api_key: 'tcld-key',
      authorization: 'Bearer AQX',
      Authorization: 'Basic dXNlcjpwYXNz',
      password: 'hunter2',
      outcomeWebhookSecret: 'whsec',
      request: { headers: { 'x-api-key': 'k', cookie: 'session=1', accept: 'application/json' } },
      tokens: [{ access_token: 'AQX', expires_in: 5184000 }],
      linkedIn: { clientId: 'public-client-id', credentials: { user: 'u', pass: 'p' } },
      privateKey: '-----BEGIN PRIVATE KEY-----',
    });

    expect(redacted).toEqual({
      clientSecret: REDACTED,
      apiKey: REDACTED,
      api_key: REDACTED,
      authorization: REDACTED,
      Authorization: REDACTED,
      password: REDACTED,
      outcomeWebhookSecret: REDACTED,
      request: { headers: { 'x-api-key': REDACTED, cookie: REDACTED, accept: 'application/json' } },
      tokens: REDACTED,
      linkedIn: { clientId: 'public-client-id', credentials: REDACTED },
      privateKey: REDACTED,
    });
  });

  it('keeps what is not a secret', () => {
    for (const key of ['workflowId', 'runId', 'externalJobPostingId', 'taskUrns', 'activityType', 'namespace', 'taskQueue', 'outcome']) {
      expect(isSecretKey(key)).toBe(false);
    }
    for (const key of ['secret', 'clientSecret', 'TOKEN', 'refreshToken', 'authorization', 'proxy-authorization', 'apiKey', 'api-key', 'password', 'passwd']) {
      expect(isSecretKey(key)).toBe(true);
    }
  });

  it('masks credentials written inside text: auth headers, query and form parameters, JSON fields', () => {
    expect(redactText('GET /v2/x failed: header Authorization: Bearer AQXdR4_-lIvE.tok3n~= rejected')).toBe(
      `GET /v2/x failed: header Authorization: Bearer ${REDACTED} rejected`,
    );
    expect(redactText('POST https://www.linkedin.com/oauth/v2/accessToken grant_type=client_credentials&client_id=abc&client_secret=s3cr3t')).toBe(
      `POST https://www.linkedin.com/oauth/v2/accessToken grant_type=client_credentials&client_id=abc&client_secret=${REDACTED}`,
    );
    expect(redactText('redirect to /cb?access_token=AQX&state=1')).toBe(`redirect to /cb?access_token=${REDACTED}&state=1`);
    expect(redactText('body: {"access_token":"AQX","expires_in":5184000}')).toBe(`body: {"access_token":"${REDACTED}","expires_in":5184000}`);
    expect(redactText('HTTP 500 from LinkedIn: Internal Server Error')).toBe('HTTP 500 from LinkedIn: Internal Server Error');
  });

  it('scrubs error messages and stacks, and their causes', () => {
    const cause = new Error('token endpoint said: {"error":"invalid_client","client_secret":"s3cr3t"}');
    const error = new Error('LinkedIn refused Bearer AQXsecretvalue', { cause });
    const text = JSON.stringify(redactLogMeta({ error }));
    expect(text).not.toContain('AQXsecretvalue');
    expect(text).not.toContain('s3cr3t');
    expect(text).toContain('invalid_client');
  });

  it('never writes bytes (certificates, keys, payloads), and survives cycles, bigints, dates, maps and sets', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const shared = { n: 1 };
    const redacted = redactLogMeta({
      pem: Buffer.from('-----BEGIN CERTIFICATE-----'),
      payload: new Uint8Array(16),
      cyclic,
      twice: [shared, shared],
      big: 12345678901234567890n,
      at: new Date('2026-03-10T00:00:00Z'),
      map: new Map([['apiKey', 'k'], ['region', 'eu']]),
      set: new Set(['a']),
      skipped: undefined,
      fn: () => 1,
    });
    expect(redacted).toEqual({
      pem: '[27 bytes]',
      payload: '[16 bytes]',
      cyclic: { name: 'loop', self: '[Circular]' },
      twice: [{ n: 1 }, { n: 1 }],
      big: '12345678901234567890',
      at: '2026-03-10T00:00:00.000Z',
      map: { apiKey: REDACTED, region: 'eu' },
      set: ['a'],
    });
  });

  it('stops at a bounded depth', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redactLogMeta(deep))).toContain('"[Object]"');
  });

  it('is what the logger writes: no secret from metadata or message reaches the line', () => {
    const { logger, lines } = capture();
    logger.info('calling LinkedIn with Bearer AQXtoken', { authorization: 'Bearer AQXtoken', config: { clientSecret: 's3cr3t', apiBaseUrl: 'https://api.linkedin.com' } });
    expect(lines[0]).not.toContain('AQXtoken');
    expect(lines[0]).not.toContain('s3cr3t');
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: `calling LinkedIn with Bearer ${REDACTED}`, config: { apiBaseUrl: 'https://api.linkedin.com' } });
  });
});

describe('notifications without a webhook', () => {
  it("become lines of the structured log, through the activity's logger so they name the activity and workflow", async () => {
    const { logger, json } = capture();
    const env = new MockActivityEnvironment(
      { activityType: 'raiseAlert', workflowExecution: { workflowId: 'linkedin-job/CREATE/req-4711/abc', runId: 'run-1' } },
      { logger },
    );
    const notifications = notificationsFor(loadConfig({}), logger);
    const receipt = await env.run(() =>
      notifications.sendAlert({
        idempotencyKey: 'k',
        severity: 'critical',
        title: 'LinkedIn blocked the customer',
        text: 'text',
        workflowIds: ['linkedin-job/CREATE/req-4711/abc'],
        category: 'BLOCKED',
        occurredAt: '2026-03-10T09:15:00.000Z',
      }),
    );

    expect(receipt).toEqual({ delivered: 'log' });
    expect(json()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Alert: LinkedIn blocked the customer (no alert webhook configured)',
        sdkComponent: 'activity',
        activityType: 'raiseAlert',
        workflowId: 'linkedin-job/CREATE/req-4711/abc',
        kind: 'alert',
        category: 'BLOCKED',
      }),
    ]);
  });
});
