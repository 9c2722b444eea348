/** Notification channels with no webhook configured: every outcome and alert lands in the log, recorded here. */
import { createNotificationActivities, type NotificationActivities } from '../../activities/notifications';

export interface LoggedDelivery {
  kind: 'outcome' | 'alert';
  [field: string]: unknown;
}

export function recordingNotifications(): { notifications: NotificationActivities; delivered: LoggedDelivery[] } {
  const delivered: LoggedDelivery[] = [];
  const notifications = createNotificationActivities(
    { outcomeWebhookUrl: null, outcomeWebhookSecret: null, alertWebhookUrl: null, alertWebhookSecret: null, timeoutMs: 5_000 },
    { log: (entry) => delivered.push(entry as LoggedDelivery) },
  );
  return { notifications, delivered };
}
