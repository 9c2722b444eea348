/**
 * A worker's LinkedIn client with its status lookups coalesced across workflows and paced by this worker's share
 * of the daily status-call quota. Postings go straight through: they are not status calls.
 */
import type { LinkedInClient } from './client';
import { createCoalescingLookup, type CoalescerCounters } from './status-coalescer';
import { createStatusCallBudget, type StatusCallBudgetCounters } from './status-quota';

export interface StatusLookupPacing {
  /** This worker's share: the application's status calls per UTC day divided by the number of workers. */
  statusCallsPerDay: number;
  /** How long a batch of URNs collects lookups before it is sent. */
  coalescingWindowMs: number;
  /** URNs per status call; the client's maxUrnsPerStatusCall. */
  maxUrnsPerStatusCall: number;
  /** Longest a lookup waits for the budget before it is throttled (and retried later by Temporal). */
  maxBudgetWaitMs: number;
}

export interface CoalescedLinkedInClient extends LinkedInClient {
  statusLookupCounters(): { coalescer: CoalescerCounters; budget: StatusCallBudgetCounters };
}

export function withCoalescedStatusLookups(
  client: LinkedInClient,
  pacing: StatusLookupPacing,
  now: () => number = Date.now,
): CoalescedLinkedInClient {
  const budget = createStatusCallBudget({ callsPerDay: pacing.statusCallsPerDay, now });
  const lookupTaskStatuses = createCoalescingLookup((urns) => client.lookupTaskStatuses(urns), {
    windowMs: pacing.coalescingWindowMs,
    maxUrnsPerBatch: pacing.maxUrnsPerStatusCall,
    maxWaitMs: pacing.maxBudgetWaitMs,
    budget,
    now,
  });
  return {
    lookupTaskStatuses,
    submitPostings: (elements) => client.submitPostings(elements),
    statusLookupCounters: () => ({ coalescer: lookupTaskStatuses.counters(), budget: budget.counters() }),
    async close() {
      // Queued lookups still go out (as far as the budget allows) before the connections close.
      await lookupTaskStatuses.close();
      await client.close();
    },
  };
}
