/**
 * What LinkedIn knows about each partner job: its LinkedIn job ids (one per location) and whether it is live.
 * The state changes at submission, when a task's outcome is decided, not when the outcome is revealed: a CREATE
 * followed at once by an UPDATE therefore sees the job, whatever the processing time.
 */

/** Key of the job id of a posting submitted without a location (a bare CLOSE). */
export const NO_LOCATION = '';

export interface JobRecord {
  readonly externalJobPostingId: string;
  /** LinkedIn job id per location; the first entry is the primary location's. */
  readonly jobIds: ReadonlyMap<string, string>;
  readonly live: boolean;
}

export function primaryJobId(job: JobRecord): string | undefined {
  return job.jobIds.values().next().value;
}

/** The LinkedIn job id of `location`, or the primary one for a posting that names no known location. */
export function jobIdAt(job: JobRecord, location: string | undefined): string | undefined {
  return job.jobIds.get(location ?? NO_LOCATION) ?? primaryJobId(job);
}

export const FIRST_JOB_ID = 3_900_000_001;

export class JobLedger {
  private readonly jobs = new Map<string, JobRecord>();
  private lastJobId = FIRST_JOB_ID - 1;

  /** `changed` hears of every change a restart must not lose: jobs, allocated job ids, a reset. */
  constructor(private readonly changed: () => void = () => {}) {}

  get(externalJobPostingId: string): JobRecord | undefined {
    return this.jobs.get(externalJobPostingId);
  }

  /** A fresh numeric LinkedIn job id (as in urn:li:jobPosting:<id>). */
  allocateJobId(): string {
    this.lastJobId += 1;
    // Even an id allocated by a call rejected later is spent: LinkedIn never hands one out twice.
    this.changed();
    return String(this.lastJobId);
  }

  /** The most recently allocated job id; FIRST_JOB_ID - 1 before the first. */
  get lastAllocatedJobId(): number {
    return this.lastJobId;
  }

  /** Opens a staged view for one POST call; a call rejected as a whole discards it. */
  beginCall(): JobCall {
    return new JobCall(this);
  }

  apply(records: Iterable<JobRecord>): void {
    for (const record of records) this.jobs.set(record.externalJobPostingId, record);
    this.changed();
  }

  list(): JobRecord[] {
    return [...this.jobs.values()];
  }

  /** Replaces every job, and the job id counter, with what was known before a restart. */
  restore(records: Iterable<JobRecord>, lastAllocatedJobId: number): void {
    this.jobs.clear();
    for (const record of records) this.jobs.set(record.externalJobPostingId, record);
    this.lastJobId = lastAllocatedJobId;
  }

  clear(): void {
    this.jobs.clear();
    this.lastJobId = FIRST_JOB_ID - 1;
    this.changed();
  }
}

export class JobCall {
  private readonly staged = new Map<string, JobRecord>();

  constructor(private readonly ledger: JobLedger) {}

  get(externalJobPostingId: string): JobRecord | undefined {
    return this.staged.get(externalJobPostingId) ?? this.ledger.get(externalJobPostingId);
  }

  put(record: JobRecord): void {
    this.staged.set(record.externalJobPostingId, record);
  }

  allocateJobId(): string {
    return this.ledger.allocateJobId();
  }

  commit(): void {
    this.ledger.apply(this.staged.values());
    this.staged.clear();
  }
}
