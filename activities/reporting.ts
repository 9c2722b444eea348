/** The outcome webhook and alerts, built from the workflow's data here so their wording can change without replay concerns. */
import { alertForCategory, type AlertSituation } from './notifications/messages';
import { outcomeNotificationFor } from './notifications/outcome-notification';
import type { DeliveryReceipt, NotificationActivities } from './notifications';
import type { OperationResult } from '../workflows/definitions';

export interface AlertRequest {
  idempotencyKey: string;
  occurredAt: string;
  situation: AlertSituation;
}

export function createReportingActivities(notifications: NotificationActivities) {
  return {
    async deliverOutcome(request: { workflowId: string; result: OperationResult }): Promise<DeliveryReceipt> {
      return notifications.notifyPostingService(
        outcomeNotificationFor(request.result, { workflowId: request.workflowId, occurredAt: request.result.completedAt }),
      );
    },
    async raiseAlert(request: AlertRequest): Promise<DeliveryReceipt> {
      return notifications.sendAlert(alertForCategory(request.situation, request));
    },
  };
}
