/** `npm run sandbox` as a process: environment, rules file, announced URL and clean shutdown on signals. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRules } from '../sandbox/schemas';
import demoRules from '../sandbox/examples/demo-rules.json';

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const MAIN = join(__dirname, '..', 'sandbox', 'main.ts');

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function launch(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(TSX, [MAIN], { env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

describe('npm run sandbox', () => {
  it('starts from the environment, loads the rules file, announces itself and stops on SIGTERM', async () => {
    const rulesFile = join(mkdtempSync(join(tmpdir(), 'sandbox-rules-')), 'rules.json');
    writeFileSync(rulesFile, JSON.stringify([{ externalJobPostingId: 'main-*', status: 'IN_PROGRESS' }]));
    const { child, output } = launch({ SANDBOX_PORT: '0', SANDBOX_PROCESSING_TIME: '1234ms', SANDBOX_RULES_FILE: rulesFile, SANDBOX_STATE_FILE: '' });

    await expect.poll(() => output(), { timeout: 30_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\n[\s\S]*admin/);
    expect(output()).toContain('client id      sandbox-client-id');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())![1]!;
    const config = await request(`${url}/__sandbox/config`);
    expect(((await config.body.json()) as { processingMs: number }).processingMs).toBe(1234);
    const rules = await request(`${url}/__sandbox/rules`);
    expect(await rules.body.json()).toEqual([{ externalJobPostingId: 'main-*', status: 'IN_PROGRESS' }]);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('refuses an invalid rules file with a message naming the problem', async () => {
    const rulesFile = join(mkdtempSync(join(tmpdir(), 'sandbox-rules-')), 'rules.json');
    writeFileSync(rulesFile, JSON.stringify([{ externalJobPostingId: 'x', status: 'DONE' }]));
    const { child, output } = launch({ SANDBOX_PORT: '0', SANDBOX_RULES_FILE: rulesFile, SANDBOX_STATE_FILE: '' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output()).toMatch(/SANDBOX_RULES_FILE .* is not a valid rules file: 0\.status/);
  });

  it('ships a demo rules file that is valid', () => {
    expect(parseRules(demoRules).length).toBeGreaterThan(10);
  });
});
