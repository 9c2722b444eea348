/** What the sandbox saw, for tests and benchmarks: calls per endpoint and answer, URNs per status call, submissions. */
import type { JobOperation } from '../workflows/domain';
import type { SandboxCounters } from './types';

export class CounterSet {
  private data: SandboxCounters = emptyCounters();

  recordCall(endpoint: string, answer: number | 'hang' | 'reset'): void {
    const perAnswer = (this.data.calls[endpoint] ??= {});
    const key = String(answer);
    perAnswer[key] = (perAnswer[key] ?? 0) + 1;
  }

  recordStatusCall(urnCount: number, tunneled: boolean): void {
    const key = String(urnCount);
    this.data.urnsPerStatusCall[key] = (this.data.urnsPerStatusCall[key] ?? 0) + 1;
    if (tunneled) this.data.tunneledStatusCalls += 1;
  }

  recordPosting(externalJobPostingId: string, operation: JobOperation): void {
    const perOperation = (this.data.postingsByExternalId[externalJobPostingId] ??= {});
    perOperation[operation] = (perOperation[operation] ?? 0) + 1;
  }

  recordTokenIssued(): void {
    this.data.tokensIssued += 1;
  }

  recordTasksCreated(count: number): void {
    this.data.tasksCreated += count;
  }

  /** A deep copy: callers may keep it while the sandbox goes on counting. */
  snapshot(): SandboxCounters {
    return structuredClone(this.data);
  }

  clear(): void {
    this.data = emptyCounters();
  }
}

function emptyCounters(): SandboxCounters {
  return { calls: {}, urnsPerStatusCall: {}, tunneledStatusCalls: 0, postingsByExternalId: {}, tokensIssued: 0, tasksCreated: 0 };
}
