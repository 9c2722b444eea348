/**
 * The activities that tell the outside world how an operation ended: the posting service through its webhook,
 * people through an alert webhook (Slack-compatible). An unconfigured webhook becomes one structured log line, so
 * a development stack loses nothing. Each call is one delivery attempt; the activity's retry policy does the rest.
 */
import type { Dispatcher } from 'undici';
import { alertRequestBody } from './alert-body';
import { assertValidNotificationConfig } from './config';
import type { Alert, DeliveryReceipt, NotificationConfig, OutcomeNotification } from './types';
import { temporalUiLinks } from './ui-links';
import { postWebhook, type WebhookTransport } from './webhook';

export * from './types';
export { signBody, verifySignature, SIGNATURE_HEADER, DEFAULT_SIGNATURE_TOLERANCE_SEC } from './signature';
export {
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  INVALID_NOTIFICATION,
  WEBHOOK_REJECTED,
  WEBHOOK_UNAVAILABLE,
} from './webhook';
export { alertRequestBody, escapeSlackText, type AlertRequestBody, type SlackBlock } from './alert-body';
export {
  alertContent,
  alertForCategory,
  type AffectedOperation,
  type AlertContent,
  type AlertEnvelope,
  type AlertSituation,
  type ClassifiedAlertCategory,
} from './messages';
export {
  outcomeEventOf,
  outcomeIdempotencyKey,
  outcomeNotificationFor,
  type OutcomeEnvelope,
} from './outcome-notification';
export { temporalUiLinks } from './ui-links';
export { assertValidNotificationConfig } from './config';

/** The event header of every alert delivery. */
export const ALERT_EVENT = 'alert.raised';

export interface NotificationDependencies {
  /** Undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  /** Where undelivered notifications go: one JSON object per call. */
  log?: (entry: object) => void;
  /** Epoch milliseconds, for signature timestamps and Retry-After dates. */
  now?: () => number;
}

export interface NotificationActivities {
  notifyPostingService(notification: OutcomeNotification): Promise<DeliveryReceipt>;
  sendAlert(alert: Alert): Promise<DeliveryReceipt>;
}

function logAsJson(entry: object): void {
  console.log(JSON.stringify(entry));
}

export function createNotificationActivities(
  config: NotificationConfig,
  deps: NotificationDependencies = {},
): NotificationActivities {
  assertValidNotificationConfig(config);
  const log = deps.log ?? logAsJson;
  const transport: WebhookTransport = {
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    timeoutMs: config.timeoutMs,
    now: deps.now ?? Date.now,
  };
  const uiBaseUrl = config.temporalUiBaseUrl ?? null;

  return {
    async notifyPostingService(notification) {
      if (config.outcomeWebhookUrl === null) {
        log({ level: 'info', msg: 'Operation outcome (no outcome webhook configured)', kind: 'outcome', ...notification });
        return { delivered: 'log' };
      }
      return postWebhook(
        { kind: 'outcome', url: config.outcomeWebhookUrl, secret: config.outcomeWebhookSecret },
        { event: notification.event, idempotencyKey: notification.idempotencyKey, body: JSON.stringify(notification) },
        transport,
      );
    },

    async sendAlert(alert) {
      const addressed: Alert =
        alert.uiLinks === undefined && uiBaseUrl !== null
          ? { ...alert, uiLinks: temporalUiLinks(uiBaseUrl, alert.workflowIds) }
          : alert;
      if (config.alertWebhookUrl === null) {
        const level = addressed.severity === 'critical' ? 'error' : 'warn';
        log({ level, msg: `Alert: ${addressed.title} (no alert webhook configured)`, kind: 'alert', ...addressed });
        return { delivered: 'log' };
      }
      return postWebhook(
        { kind: 'alert', url: config.alertWebhookUrl, secret: config.alertWebhookSecret },
        { event: ALERT_EVENT, idempotencyKey: addressed.idempotencyKey, body: JSON.stringify(alertRequestBody(addressed)) },
        transport,
      );
    },
  };
}
