/** Checks the notification settings once, at worker start, so a typo never surfaces as a failing delivery days later. */
import type { NotificationConfig } from './types';

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/** Throws a RangeError naming the setting; values are never quoted, since a webhook URL can be a credential. */
export function assertValidNotificationConfig(config: NotificationConfig): void {
  const urls = ['outcomeWebhookUrl', 'alertWebhookUrl', 'temporalUiBaseUrl'] as const;
  for (const key of urls) {
    const value = config[key];
    if (value !== null && value !== undefined && !isHttpUrl(value)) {
      throw new RangeError(`Notification config: ${key} must be an absolute http(s) URL or null`);
    }
  }
  for (const key of ['outcomeWebhookSecret', 'alertWebhookSecret'] as const) {
    // An empty key makes a signature anyone can compute.
    if (config[key] === '') throw new RangeError(`Notification config: ${key} must be non-empty or null`);
  }
  if (!Number.isInteger(config.timeoutMs) || config.timeoutMs <= 0) {
    throw new RangeError(`Notification config: timeoutMs must be a positive integer, got ${config.timeoutMs}`);
  }
}
