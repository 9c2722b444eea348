import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envExample, readmeWithConfigTable } from '../scripts/config-docs';
import { ConfigError, LINKEDIN_API_URL, loadConfig, SANDBOX_CREDENTIALS } from '../worker/config';
import { DEFAULT_TRACKING_POLICY } from '../workflows/input';

const ROOT = path.resolve(__dirname, '..');

describe('configuration', () => {
  it('defaults to the sandbox and LinkedIn\'s own timings', () => {
    const config = loadConfig({});
    expect(config.linkedIn).toMatchObject({ target: 'sandbox', apiBaseUrl: 'http://127.0.0.1:8787', ...SANDBOX_CREDENTIALS });
    expect(config.tracking).toEqual(DEFAULT_TRACKING_POLICY);
    expect(config.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'linkedin-job-tracker',
      tls: { enabled: false, clientCertFile: undefined, clientKeyFile: undefined, serverCaFile: undefined, serverName: undefined },
      apiKey: undefined,
    });
  });

  it('talks to the real API when credentials are configured', () => {
    const config = loadConfig({ LINKEDIN_CLIENT_ID: 'id', LINKEDIN_CLIENT_SECRET: 's3cret' });
    expect(config.linkedIn).toMatchObject({ target: 'linkedin', apiBaseUrl: LINKEDIN_API_URL, clientSecret: 's3cret' });
  });

  it('parses durations and reports every bad variable by name', () => {
    expect(loadConfig({ TRACKING_FIRST_CHECK_DELAY: '90s', TRACKING_DEADLINE: '7d' }).tracking).toMatchObject({
      firstCheckDelayMs: 90_000,
      deadlineMs: 7 * 24 * 3_600_000,
    });
    const error = (() => {
      try {
        loadConfig({ TRACKING_DEADLINE: '31d', TRACKING_FIRST_CHECK_DELAY: 'soon', LINKEDIN_CLIENT_ID: 'only-id', SANDBOX_PORT: 'x' });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/TRACKING_DEADLINE must be more than 0 and at most 30d/);
    expect(problems).toMatch(/TRACKING_FIRST_CHECK_DELAY="soon" is not a duration/);
    expect(problems).toMatch(/LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET must be set together/);
    expect(problems).toMatch(/SANDBOX_PORT="x" must be an integer/);
    expect(problems).not.toMatch(/only-id/);
  });

  it('is documented exactly in the README and .env.example', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readmeWithConfigTable(readme)).toBe(readme);
    expect(readFileSync(path.join(ROOT, '.env.example'), 'utf8')).toBe(envExample());
  });
});
