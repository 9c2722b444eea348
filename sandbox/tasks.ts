/**
 * simpleJobPostingTasks: each is created with its final outcome already decided, and shows IN_PROGRESS until
 * its processing time has passed or it has been looked up often enough.
 */
import type { JobOperation, TaskStatus } from '../workflows/domain';

export type TerminalStatus = Exclude<TaskStatus, 'IN_PROGRESS'>;

export interface TaskOutcome {
  status: TerminalStatus;
  /** urn:li:jobPosting:<id> */
  jobPosting?: string;
  errorMessage?: string;
}

/** When a task stops being IN_PROGRESS. */
export type Completion =
  | { kind: 'never' }
  | { kind: 'afterLookups'; lookups: number }
  /** processingMs undefined: the sandbox's current processingMs knob, read at lookup time. */
  | { kind: 'afterTime'; processingMs: number | undefined };

export interface SandboxTask {
  urn: string;
  externalJobPostingId: string;
  operation: JobOperation;
  /** Only for multi-location jobs, as LinkedIn reports it. */
  location?: string;
  submittedAt: number;
  outcome: TaskOutcome;
  completion: Completion;
  lookups: number;
}

/** One entry of the `results` map of GET /v2/simpleJobPostingTasks. */
export interface TaskResult {
  id: string;
  status: TaskStatus;
  externalJobPostingId: string;
  jobPosting?: string;
  location?: string;
  errorMessage?: string;
}

export class TaskStore {
  private readonly tasks = new Map<string, SandboxTask>();

  /** `changed` hears of every change a restart must not lose: new tasks, counted lookups, a reset. */
  constructor(private readonly changed: () => void = () => {}) {}

  add(task: SandboxTask): void {
    this.tasks.set(task.urn, task);
    this.changed();
  }

  get(urn: string): SandboxTask | undefined {
    return this.tasks.get(urn);
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Counts one lookup of the task and reports it as LinkedIn would at this moment. */
  lookUp(task: SandboxTask, now: number, defaultProcessingMs: number): TaskResult {
    task.lookups += 1;
    this.changed();
    return reportTask(task, now, defaultProcessingMs);
  }

  /** Every task, in submission order. */
  list(): SandboxTask[] {
    return [...this.tasks.values()];
  }

  /** Replaces every task with ones known from before a restart. */
  restore(tasks: Iterable<SandboxTask>): void {
    this.tasks.clear();
    for (const task of tasks) this.tasks.set(task.urn, task);
  }

  clear(): void {
    this.tasks.clear();
    this.changed();
  }
}

/** The task as LinkedIn reports it at `now`, given the lookups counted so far. */
function reportTask(task: SandboxTask, now: number, defaultProcessingMs: number): TaskResult {
  const result: TaskResult = { id: task.urn, status: 'IN_PROGRESS', externalJobPostingId: task.externalJobPostingId };
  if (task.location !== undefined) result.location = task.location;
  if (!isDone(task, now, defaultProcessingMs)) return result;
  result.status = task.outcome.status;
  if (task.outcome.jobPosting !== undefined) result.jobPosting = task.outcome.jobPosting;
  if (task.outcome.errorMessage !== undefined) result.errorMessage = task.outcome.errorMessage;
  return result;
}

function isDone(task: SandboxTask, now: number, defaultProcessingMs: number): boolean {
  switch (task.completion.kind) {
    case 'never':
      return false;
    case 'afterLookups':
      return task.lookups >= task.completion.lookups;
    case 'afterTime':
      return now - task.submittedAt >= (task.completion.processingMs ?? defaultProcessingMs);
  }
}
