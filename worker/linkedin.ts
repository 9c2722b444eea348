/** The LinkedIn client a worker process shares among all its activities (one token, one connection pool). */
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import { createLinkedInClient, type LinkedInClient } from '../activities/linkedin/client';
import { withCoalescedStatusLookups } from '../activities/linkedin/coalesced-client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from '../activities/linkedin/config';
import type { Config } from './config';
import { withStatusCallMetrics } from './status-call-metrics';

export interface LinkedInClientObservability {
  /** Where status calls are counted: the Runtime's meter (`Runtime.instance().metricMeter`) in a worker process. */
  metricMeter?: MetricMeter;
}

/**
 * Status polls of all the workflows on this worker share calls (coalescing) and spend this worker's share of
 * LinkedIn's daily quota evenly. Metrics sit beneath the coalescer, so they count real HTTP calls.
 */
export function linkedInClientFor(config: Config, observability: LinkedInClientObservability = {}): LinkedInClient {
  const settings = { ...DEFAULT_LINKEDIN_CLIENT_CONFIG, ...config.linkedIn };
  const measured = withStatusCallMetrics(createLinkedInClient(settings), observability.metricMeter ?? noopMetricMeter, settings);
  return withCoalescedStatusLookups(measured, { ...config.statusLookups, maxUrnsPerStatusCall: settings.maxUrnsPerStatusCall });
}
