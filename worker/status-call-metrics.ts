/**
 * Counts LinkedIn status calls as the client makes them: each lookup is cut into requests exactly as the client
 * cuts it (the same planner), so the metric is the quota actually spent. Wrap the plain client, beneath any
 * coalescing, where one lookup is what goes to LinkedIn.
 */
import type { MetricMeter } from '@temporalio/common';
import type { LinkedInClient } from '../activities/linkedin/client';
import { malformedTaskUrns, planStatusRequests } from '../activities/linkedin/task-status-request';
import { recordStatusCall, recordStatusCallsToday } from './product-metrics';

const DAY_MS = 86_400_000;

export interface StatusCallLimits {
  maxUrnsPerStatusCall: number;
  maxQueryStringBytes: number;
}

export function withStatusCallMetrics(
  client: LinkedInClient,
  meter: MetricMeter,
  limits: StatusCallLimits,
  now: () => number = Date.now,
): LinkedInClient {
  let utcDay = Math.floor(now() / DAY_MS);
  let callsToday = 0;
  return {
    submitPostings: (elements) => client.submitPostings(elements),
    close: () => client.close(),
    lookupTaskStatuses(taskUrns) {
      const distinctUrns = [...new Set(taskUrns)];
      // The client refuses malformed URNs before calling LinkedIn: nothing is spent.
      if (malformedTaskUrns(distinctUrns).length === 0) {
        const today = Math.floor(now() / DAY_MS);
        if (today !== utcDay) [utcDay, callsToday] = [today, 0];
        for (const plan of planStatusRequests(distinctUrns, limits)) {
          recordStatusCall(meter, plan.taskUrns.length);
          callsToday += 1;
        }
        recordStatusCallsToday(meter, callsToday);
      }
      return client.lookupTaskStatuses(taskUrns);
    },
  };
}
