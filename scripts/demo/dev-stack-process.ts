/**
 * A private `npm start` for checks that must not touch the user's dev stack: its own free ports, its own
 * throwaway SQLite file, no webhooks, no rules file, the sandbox even if LinkedIn credentials are configured.
 * It runs in its own process group, so stopping it stops every process it started (npm, tsx, Temporal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const READY_LINE = 'linkedin-job-tracker is running';
const STOP_GRACE_MS = 40_000;

export interface DevStackPorts {
  temporal: number;
  ui: number;
  sandbox: number;
}

export interface DevStackProcess {
  /** The environment it runs with: loadConfig(env) describes it. */
  env: Record<string, string>;
  uiUrl: string;
  logFile: string;
  /** Ctrl-C, as a person would; then waits until no process of its group is left (killing what lingers). */
  stop(): Promise<void>;
}

/** Three distinct free loopback ports (another process could still take one before the stack does; unlikely). */
export async function freePorts(): Promise<DevStackPorts> {
  // Held open together, so the three are distinct.
  const servers = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const [temporal, ui, sandbox] = servers.map((server) => (server.address() as { port: number }).port) as [number, number, number];
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return { temporal, ui, sandbox };
}

export function isolatedStackEnv(ports: DevStackPorts, databaseFile: string): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    ...inherited,
    DEV_TEMPORAL_PORT: String(ports.temporal),
    DEV_TEMPORAL_UI_PORT: String(ports.ui),
    SANDBOX_PORT: String(ports.sandbox),
    DEV_TEMPORAL_DB: databaseFile,
    TEMPORAL_UI_URL: `http://localhost:${ports.ui}`,
    // Empty wins over a .env file (it never overrides what is set): nothing of the user's setup leaks in.
    TEMPORAL_ADDRESS: '',
    LINKEDIN_CLIENT_ID: '',
    LINKEDIN_CLIENT_SECRET: '',
    LINKEDIN_API_URL: '',
    LINKEDIN_TOKEN_URL: '',
    SANDBOX_RULES_FILE: '',
    // In memory: the check's sandbox must not read or write the user's sandbox state.
    SANDBOX_STATE_FILE: '',
    // The worker's Prometheus endpoint has a fixed default port that the user's own stack may hold.
    METRICS_BIND_ADDRESS: '',
    OUTCOME_WEBHOOK_URL: '',
    ALERT_WEBHOOK_URL: '',
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

export async function startDevStackProcess(options: {
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
}): Promise<DevStackProcess> {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn('npm', ['start'], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(READY_LINE)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`npm start exited (${signal ?? code}) before it was ready; see ${options.logFile}`)));
  });

  const stop = async () => {
    if (groupAlive(pgid)) {
      process.kill(-pgid, 'SIGINT');
      if (!(await waitUntil(() => !groupAlive(pgid), STOP_GRACE_MS))) {
        process.kill(-pgid, 'SIGKILL');
        await waitUntil(() => !groupAlive(pgid), 5_000);
      }
    }
    await new Promise((resolve) => log.end(resolve));
  };

  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`npm start was not ready within ${timeoutMs / 1000}s; see ${options.logFile}`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { env: options.env, uiUrl: options.env.TEMPORAL_UI_URL!, logFile: path.resolve(options.logFile), stop };
}
