/** The notification channels of a worker process: webhooks when configured, the log otherwise. */
import { Context } from '@temporalio/activity';
import type { LogLevel, Logger } from '@temporalio/common';
import { createNotificationActivities, type NotificationActivities } from '../activities/notifications';
import type { Config } from './config';

/**
 * With a logger, undelivered notifications (no webhook configured) become lines of the process's structured log,
 * through the activity's logger so they carry the workflow and the job; without one they go to stdout as JSON.
 */
export function notificationsFor(config: Config, logger?: Logger): NotificationActivities {
  return createNotificationActivities(config.notifications, logger ? { log: (entry) => logNotification(logger, entry) } : {});
}

const LEVELS: Record<string, LogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

function logNotification(fallback: Logger, entry: object): void {
  const { level, msg, ...fields } = entry as { level?: string; msg?: string };
  activityLogger(fallback).log(LEVELS[level ?? ''] ?? 'INFO', msg ?? 'Notification', fields);
}

function activityLogger(fallback: Logger): Logger {
  try {
    return Context.current().log;
  } catch {
    return fallback;
  }
}
