/**
 * The posting rules of the sandbox and their matching: the first rule that matches (id or prefix, operation,
 * location, remaining `times`) decides. `times` is consumed per submitted element, so a rule that matches every
 * location task of one multi-location element counts once.
 */
import type { JobOperation } from '../workflows/domain';
import type { PostingRule } from './types';

interface RuleEntry {
  readonly rule: PostingRule;
  /** Submissions left before the rule stops matching; undefined for rules without `times`. */
  remaining: number | undefined;
}

export interface TaskKey {
  externalJobPostingId: string;
  operation: JobOperation;
  /** The location of the task; undefined for jobs submitted without one (CLOSE). */
  location: string | undefined;
}

export class RuleBook {
  private entries: RuleEntry[] = [];

  constructor(rules: readonly PostingRule[] = []) {
    this.set(rules);
  }

  set(rules: readonly PostingRule[]): void {
    this.entries = rules.map(toEntry);
  }

  add(rules: readonly PostingRule[]): void {
    this.entries.push(...rules.map(toEntry));
  }

  list(): PostingRule[] {
    return this.entries.map((entry) => ({ ...entry.rule }));
  }

  /** Gives every rule its full `times` again (used by reset, so a reset sandbox behaves like a fresh one). */
  refill(): void {
    for (const entry of this.entries) entry.remaining = entry.rule.times;
  }

  /** Starts the matching of one POST call; nothing is consumed until the call commits. */
  beginCall(): RuleCall {
    return new RuleCall(this.entries);
  }
}

/**
 * Matching within one POST call. Consumption is staged so that a call rejected as a whole (402, 409...) leaves
 * every rule's `times` untouched, except the rule that rejected it.
 */
export class RuleCall {
  private readonly staged = new Map<RuleEntry, number>();
  private elementClaims = new Set<RuleEntry>();

  constructor(private readonly entries: readonly RuleEntry[]) {}

  /** The rule that rejects the whole call for an element with these locations, if any. */
  submissionRejection(externalJobPostingId: string, operation: JobOperation, locations: readonly (string | undefined)[]): PostingRule | undefined {
    const entry = this.entries.find(
      (candidate) =>
        candidate.rule.submissionStatus !== undefined &&
        this.hasTimesLeft(candidate) &&
        matchesJob(candidate.rule, externalJobPostingId, operation) &&
        (candidate.rule.location === undefined || locations.includes(candidate.rule.location)),
    );
    if (!entry) return undefined;
    this.elementClaims.add(entry);
    this.endElement();
    return entry.rule;
  }

  /** The rule deciding one task's outcome; rules with a submissionStatus never decide tasks. */
  taskRule(key: TaskKey): PostingRule | undefined {
    const entry = this.entries.find(
      (candidate) =>
        candidate.rule.submissionStatus === undefined &&
        (this.elementClaims.has(candidate) || this.hasTimesLeft(candidate)) &&
        matchesJob(candidate.rule, key.externalJobPostingId, key.operation) &&
        (candidate.rule.location === undefined || candidate.rule.location === key.location),
    );
    if (!entry) return undefined;
    this.elementClaims.add(entry);
    return entry.rule;
  }

  /** Closes the current element: every rule it used is consumed once. */
  endElement(): void {
    for (const entry of this.elementClaims) this.staged.set(entry, (this.staged.get(entry) ?? 0) + 1);
    this.elementClaims = new Set();
  }

  commit(): void {
    this.endElement();
    for (const [entry, used] of this.staged) {
      if (entry.remaining !== undefined) entry.remaining = Math.max(0, entry.remaining - used);
    }
    this.staged.clear();
  }

  private hasTimesLeft(entry: RuleEntry): boolean {
    return entry.remaining === undefined || entry.remaining - (this.staged.get(entry) ?? 0) > 0;
  }
}

function toEntry(rule: PostingRule): RuleEntry {
  return { rule: { ...rule }, remaining: rule.times };
}

function matchesJob(rule: PostingRule, externalJobPostingId: string, operation: JobOperation): boolean {
  if (rule.operation !== undefined && rule.operation !== operation) return false;
  const pattern = rule.externalJobPostingId;
  return pattern.endsWith('*') ? externalJobPostingId.startsWith(pattern.slice(0, -1)) : externalJobPostingId === pattern;
}
