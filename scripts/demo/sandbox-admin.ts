/** The LinkedIn sandbox's admin API (docs/sandbox.md), as far as the demo needs it: reading and adding rules. */
import type { PostingRule } from '../../sandbox/types';

const ADMIN_TIMEOUT_MS = 5_000;

export class SandboxUnreachableError extends Error {
  constructor(sandboxUrl: string, cause: unknown) {
    super(
      `the LinkedIn sandbox does not answer at ${sandboxUrl} (${describe(cause)}). ` +
        'Is `npm start` running, and SANDBOX_PORT the port it uses?',
    );
    this.name = 'SandboxUnreachableError';
  }
}

/** A rule already in the sandbox would decide some demo jobs instead of the demo's own rules. */
export class ShadowingRuleError extends Error {
  constructor(readonly rule: PostingRule) {
    super(
      `the sandbox already has a rule that would decide the demo's jobs instead of the demo's rules: ${JSON.stringify(rule)}. ` +
        'Start the sandbox without it (SANDBOX_RULES_FILE) to run the demo.',
    );
    this.name = 'ShadowingRuleError';
  }
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED, a timeout...) is in its cause. */
function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

async function call(sandboxUrl: string, method: 'GET' | 'POST', body?: unknown): Promise<PostingRule[]> {
  let response: Response;
  try {
    response = await fetch(`${sandboxUrl}/__sandbox/rules`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
    });
  } catch (err) {
    throw new SandboxUnreachableError(sandboxUrl, err);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`the sandbox refused ${method} /__sandbox/rules: ${response.status} ${text}`);
  return JSON.parse(text) as PostingRule[];
}

export function sandboxRules(sandboxUrl: string): Promise<PostingRule[]> {
  return call(sandboxUrl, 'GET');
}

/** Whether a rule's id pattern (exact, or a prefix ending in '*') covers an external job id, as the sandbox matches. */
export function ruleCoversJob(rule: Pick<PostingRule, 'externalJobPostingId'>, externalJobPostingId: string): boolean {
  const pattern = rule.externalJobPostingId;
  return pattern.endsWith('*') ? externalJobPostingId.startsWith(pattern.slice(0, -1)) : pattern === externalJobPostingId;
}

/**
 * Appends the rules after checking that none already installed would win over them for these jobs (the first
 * matching rule decides, and appended rules come last).
 */
export async function addRules(sandboxUrl: string, rules: readonly PostingRule[], forJobs: readonly string[]): Promise<void> {
  const existing = await sandboxRules(sandboxUrl);
  const shadowing = existing.find((rule) => forJobs.some((id) => ruleCoversJob(rule, id)));
  if (shadowing) throw new ShadowingRuleError(shadowing);
  if (rules.length > 0) await call(sandboxUrl, 'POST', rules);
}
