/** The notification channels of a worker process: webhooks when configured, the log otherwise. */
import { createNotificationActivities, type NotificationActivities } from '../activities/notifications';
import type { Config } from './config';

export function notificationsFor(config: Config): NotificationActivities {
  return createNotificationActivities(config.notifications);
}
