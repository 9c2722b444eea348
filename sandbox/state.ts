/** Everything one running sandbox knows, shared by its API and admin routes. */
import { CounterSet } from './counters';
import { FaultPlanner } from './faults';
import { JobLedger } from './jobs';
import { TokenIssuer, type ClientCredentials } from './oauth';
import { QuotaGate } from './quotas';
import { RuleBook } from './rules';
import type { DurableState } from './persistence';
import { parseKnobsPatch, parseRules } from './schemas';
import { TaskStore } from './tasks';
import type { PostingRule, SandboxKnobs, SandboxOptions } from './types';

export const DEFAULT_CREDENTIALS: ClientCredentials = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' };
export const DEFAULT_PARTNER_ID = '68204513';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1800;

export const DEFAULT_KNOBS: Readonly<SandboxKnobs> = {
  processingMs: 180_000,
  taskLifespanMs: 30 * 86_400_000,
  statusCallsPerDay: 300_000,
  callsPerSecond: null,
  retryAfterSeconds: null,
  errorRate: 0,
  latencyMs: 0,
  hangRate: 0,
  malformedRate: 0,
  resetRate: 0,
  seed: 1,
  failNext: [],
};

const KNOB_NAMES = Object.keys(DEFAULT_KNOBS) as (keyof SandboxKnobs)[];

export class SandboxState {
  readonly rules: RuleBook;
  private readonly durableChangeListeners = new Set<() => void>();
  readonly jobs = new JobLedger(() => this.durableStateChanged());
  readonly tasks = new TaskStore(() => this.durableStateChanged());
  readonly tokens: TokenIssuer;
  readonly quotas = new QuotaGate();
  readonly counters = new CounterSet();
  readonly faults: FaultPlanner;
  readonly partnerId: string;
  readonly clock: () => number;
  private knobValues: SandboxKnobs;

  constructor(options: SandboxOptions) {
    this.clock = options.clock ?? Date.now;
    this.partnerId = options.partnerId ?? DEFAULT_PARTNER_ID;
    const initialKnobs = Object.fromEntries(KNOB_NAMES.filter((name) => options[name] !== undefined).map((name) => [name, options[name]]));
    this.knobValues = { ...DEFAULT_KNOBS, failNext: [], ...parseKnobsPatch(initialKnobs) };
    this.rules = new RuleBook(parseRules(options.rules ?? []));
    this.faults = new FaultPlanner(this.knobValues.seed);
    this.tokens = new TokenIssuer(
      options.credentials ?? DEFAULT_CREDENTIALS,
      options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      this.clock,
    );
  }

  /** The live knobs; fault planning consumes `failNext` in place. */
  get knobs(): SandboxKnobs {
    return this.knobValues;
  }

  /** Validates and merges a partial set of knobs; a new seed restarts the fault sequence. */
  configure(patch: unknown): SandboxKnobs {
    const valid = parseKnobsPatch(patch);
    this.knobValues = { ...this.knobValues, ...valid };
    if (valid.failNext) this.knobValues.failNext = valid.failNext.map((fault) => ({ ...fault }));
    if (valid.seed !== undefined) this.faults.reseed(valid.seed);
    return this.knobsSnapshot();
  }

  knobsSnapshot(): SandboxKnobs {
    return structuredClone(this.knobValues);
  }

  setRules(rules: unknown): PostingRule[] {
    this.rules.set(parseRules(rules));
    return this.rules.list();
  }

  addRules(rules: unknown): PostingRule[] {
    this.rules.add(parseRules(rules));
    return this.rules.list();
  }

  /** `listener` hears of every change to what a restart must not lose: jobs, job ids, tasks and their lookups. */
  onDurableChange(listener: () => void): void {
    this.durableChangeListeners.add(listener);
  }

  /** Live views, not copies: serialise them before the next call changes them. */
  durableState(): DurableState {
    return { jobs: this.jobs.list(), lastAllocatedJobId: this.jobs.lastAllocatedJobId, tasks: this.tasks.list() };
  }

  /** Takes over what a previous run saved; not a change of its own, so listeners hear nothing. */
  restoreDurableState(saved: DurableState): void {
    this.jobs.restore(saved.jobs, saved.lastAllocatedJobId);
    this.tasks.restore(saved.tasks);
  }

  private durableStateChanged(): void {
    for (const listener of this.durableChangeListeners) listener();
  }

  /** Forgets jobs, tasks, counters and quota usage; keeps rules (with their `times` refilled), knobs and tokens. */
  reset(): void {
    this.jobs.clear();
    this.tasks.clear();
    this.counters.clear();
    this.quotas.reset();
    this.rules.refill();
  }
}
