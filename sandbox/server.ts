/**
 * A LinkedIn look-alike on loopback for the Job Postings API: OAuth client credentials, batch_create of
 * simpleJobPostings and batch_get of simpleJobPostingTasks, with rule-driven outcomes and fault injection.
 * The dev stack, end-to-end tests and benchmarks all run against it; docs/sandbox.md is its manual.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { ADMIN_PREFIX, handleAdminCall } from './admin';
import { handleApiCall } from './api';
import { SandboxState } from './state';
import { keepStateInFile } from './state-file';
import type { LinkedInSandbox, SandboxOptions } from './types';

export { SandboxStateFileError } from './state-file';
export type {
  FaultKind,
  FaultPath,
  LinkedInSandbox,
  PostingRule,
  RuleStatus,
  SandboxCounters,
  SandboxKnobs,
  SandboxOptions,
  ScriptedFault,
  SubmissionStatus,
} from './types';

const MAX_REQUEST_HEAD_BYTES = 256 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<LinkedInSandbox> {
  if (options.stateFile === '') throw new TypeError('stateFile must be a file path; leave it out to keep the sandbox in memory');
  const state = new SandboxState(options);
  // Loaded before listening: a sandbox that cannot read its state must not answer as if it knew nothing.
  const stateFile = options.stateFile === undefined ? undefined : await keepStateInFile(resolvePath(options.stateFile), state);
  const pendingDelays = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url?.startsWith(ADMIN_PREFIX)) return handleAdminCall(req, res, state);
    return handleApiCall(req, res, { state, delay });
  };

  // Node refuses request lines over 16 KB with 431 before any handler runs; LinkedIn answers any long query
  // with 414, so the sandbox accepts long lines and answers them itself.
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, (req, res) => {
    dispatch(req, res).catch(() => {
      // Only reachable when the socket is already gone; there is nobody left to answer.
      res.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    setRules: (rules) => void state.setRules(rules),
    addRules: (rules) => void state.addRules(rules),
    configure: (knobs) => void state.configure(knobs),
    counters: () => state.counters.snapshot(),
    close() {
      closing ??= (async () => {
        for (const timer of pendingDelays) clearTimeout(timer);
        pendingDelays.clear();
        const stopped = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        // Hung and keep-alive connections would hold close() open forever.
        server.closeAllConnections();
        try {
          await stopped;
        } finally {
          // Saved once no call can change the state any more.
          await stateFile?.close();
        }
      })();
      return closing;
    },
  };
}
