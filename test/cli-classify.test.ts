import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'client/cli.ts');
const SHIM = path.join(ROOT, 'bin/linkedin-job-tracker');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A foreign working directory proves the CLI finds its modules relative to itself.
    const child = spawn(command, args, { cwd: path.dirname(ROOT), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const cli = (args: readonly string[], stdin?: string) => run(TSX, [CLI, ...args], stdin);

function singleJsonObject(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  const parsed: unknown = JSON.parse(lines[0] ?? '');
  expect(parsed).toBeTypeOf('object');
  return parsed as Record<string, unknown>;
}

const SAMPLE_DROP_REPORT =
  'Job {partner=urn:li:jobPostingPartner:68204513, partnerJobCode=goldc04-03-12030896745} was dropped: true\n\nInvalid Field: /city; \nInvalid Field: /postalCode; \nInvalid Field: /state; \nInvalid Field: /geoLocation; ';

describe('linkedin-job-tracker classify', () => {
  it('--json prints one JSON object with the classification of a budget row', async () => {
    const message = 'There is no job budget available for this job.';
    const result = await cli(['classify', '--json', message]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(singleJsonObject(result.stdout)).toEqual({
      category: 'BUDGET_EXHAUSTED',
      row: 48,
      fields: [],
      scope: 'contract',
      referenceCode: null,
      description: 'The contract budget has reached the limit',
      resolution: 'Please update the job posting credits for contract',
      action: expect.stringMatching(/^Alert once per budget scope/) as unknown,
      linkedInJobId: null,
      duplicateJobUrl: null,
      partnerJobCode: null,
      message,
    });
  });

  it('--json reports every invalid field of a multi-line drop report, with a null scope', async () => {
    const result = await cli(['classify', SAMPLE_DROP_REPORT, '--json']);
    expect(result.code).toBe(0);
    expect(singleJsonObject(result.stdout)).toMatchObject({
      category: 'INVALID_PAYLOAD',
      row: null,
      fields: ['location'],
      scope: null,
      partnerJobCode: 'goldc04-03-12030896745',
      message: SAMPLE_DROP_REPORT,
    });
  });

  it('reads the message from stdin when it is "-"', async () => {
    const message = 'This job could not be published because there is a https://www.linkedin.com/jobs/view/3987654321 posted on LinkedIn.';
    const result = await cli(['classify', '--json', '-'], `${message}\n`);
    expect(result.code).toBe(0);
    expect(singleJsonObject(result.stdout)).toMatchObject({
      category: 'DUPLICATE',
      row: 31,
      duplicateJobUrl: 'https://www.linkedin.com/jobs/view/3987654321',
      linkedInJobId: '3987654321',
      message,
    });
  });

  it('classifies an unrecognised message as UNKNOWN and still succeeds', async () => {
    const result = await cli(['classify', '--json', 'Something entirely new']);
    expect(result.code).toBe(0);
    expect(singleJsonObject(result.stdout)).toMatchObject({ category: 'UNKNOWN', row: null, fields: [], scope: null, message: 'Something entirely new' });
  });

  it('prints a readable report without --json', async () => {
    const result = await cli(['classify', 'This job is blocked as its title is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_TITLE].']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^category: +INVALID_PAYLOAD$/m);
    expect(result.stdout).toMatch(/^row: +20$/m);
    expect(result.stdout).toMatch(/^fields: +title$/m);
    expect(result.stdout).toMatch(/^scope: +-$/m);
    expect(result.stdout).toMatch(/^reference code: +JOB_FIELD_PROCESSOR_TITLE$/m);
    expect(result.stdout).toMatch(/^resolution: +Please validate right content and length for title$/m);
    expect(result.stdout).toMatch(/^action: +Notify the posting service/m);
  });

  it('is a usage error without a message', async () => {
    const result = await cli(['classify', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("missing required argument 'message'");
  });

  it('is a usage error when stdin holds no message', async () => {
    const result = await cli(['classify', '-'], '\n');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no message on stdin');
  });

  it('runs through the bin shim with the arguments passed on', async () => {
    const result = await run(SHIM, ['classify', '--json', 'This job was closed by original poster.']);
    expect(result.code).toBe(0);
    expect(singleJsonObject(result.stdout)).toMatchObject({ category: 'CLOSED_BY_POSTER', row: 45 });
  });
});
