/** Which alerts a finished operation raises (error-categories.md): pure, so the workflow stays deterministic. */
import type { AffectedOperation, AlertSituation } from '../activities/notifications/messages';
import type { ErrorCategory } from './domain';
import type { OperationResult } from './definitions';

/** Categories that need a person even though the posting service is told: the service cannot fix them. */
const ALERTING_CATEGORIES: readonly ErrorCategory[] = ['POLICY_REJECTED', 'BLOCKED', 'UNKNOWN'];

export interface AlertContext {
  operation: AffectedOperation;
  /** How many times the operation was resubmitted after LinkedIn's catch-all error. */
  resubmissions: number;
  /** The tracking deadline of the last submission (ISO 8601). */
  deadline: string;
}

export function alertsFor(result: OperationResult, { operation, resubmissions, deadline }: AlertContext): AlertSituation[] {
  const alerts: AlertSituation[] = [];
  const seen = new Set<string>();
  for (const task of result.tasks) {
    const failure = task.failure;
    if (task.outcome === 'TIMED_OUT' && !seen.has('TIMED_OUT')) {
      seen.add('TIMED_OUT');
      const unfinished = result.tasks.filter((t) => t.outcome === 'TIMED_OUT').map((t) => t.taskUrn);
      alerts.push({ category: 'TIMED_OUT', operation, deadline, unfinishedTaskUrns: unfinished });
    }
    if (!failure || seen.has(failure.category)) continue;
    if (failure.category === 'TRANSIENT') {
      seen.add(failure.category);
      alerts.push({ category: 'TRANSIENT', operation, failure, resubmissions });
    } else if (ALERTING_CATEGORIES.includes(failure.category)) {
      seen.add(failure.category);
      alerts.push({ category: failure.category as 'POLICY_REJECTED' | 'BLOCKED' | 'UNKNOWN', operation, failure });
    }
  }
  return alerts;
}
