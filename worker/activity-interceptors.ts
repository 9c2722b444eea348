/**
 * Activity interceptors: the job from the workflow's header on every activity log line (the SDK's "Activity failed"
 * included), and the alerts-sent metric, counted once an alert has actually gone out.
 */
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import type { AlertRequest } from '../activities/reporting';
import type { DeliveryReceipt } from '../activities/notifications';
import { jobContextFromHeaders, type JobLogContext } from './job-log-context';
import { recordAlertSent } from './product-metrics';

const RAISE_ALERT_ACTIVITY = 'raiseAlert';

export const activityInterceptors: ActivityInterceptorsFactory = (ctx: Context): ActivityInterceptors => {
  let job: JobLogContext | undefined;
  return {
    inbound: {
      async execute(input, next) {
        job = jobContextFromHeaders(input.headers);
        const result = await next(input);
        if (ctx.info.activityType === RAISE_ALERT_ACTIVITY) {
          const [request] = input.args as [AlertRequest];
          recordAlertSent(ctx.metricMeter, request.situation.category, (result as DeliveryReceipt).delivered);
        }
        return result;
      },
    },
    outbound: {
      getLogAttributes(attributes, next) {
        return next(job ? { ...attributes, ...job } : attributes);
      },
    },
  };
};
