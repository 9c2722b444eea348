/**
 * The process-wide Temporal Runtime: its logger (every SDK, workflow, activity and core message) and its Prometheus
 * endpoint (the SDK's metrics and the product metrics). It can be installed once per process, before the first
 * connection, worker or test environment, which would otherwise install a default one.
 */
import type { LogLevel } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { PRODUCT_METRICS, STATUS_CALL_URN_BUCKETS } from './product-metrics';
import { StructuredLogger, type LogFormat } from './structured-logger';

export interface ObservabilitySettings {
  /** LOG_LEVEL */
  logLevel: LogLevel;
  /** LOG_FORMAT */
  logFormat: LogFormat;
  /** METRICS_BIND_ADDRESS: host:port of the Prometheus endpoint (GET /metrics); null: no endpoint. */
  metricsBindAddress: string | null;
}

export interface WorkerRuntime {
  runtime: Runtime;
  logger: StructuredLogger;
}

export function installWorkerRuntime(settings: ObservabilitySettings, write?: (line: string) => void): WorkerRuntime {
  const logger = new StructuredLogger({ level: settings.logLevel, format: settings.logFormat, ...(write ? { write } : {}) });
  const runtime = Runtime.install({
    logger,
    telemetryOptions: {
      // The core's own messages go through the same logger; at INFO it reports every poll, so it is held at WARN
      // unless debugging is asked for.
      logging: { filter: { core: coreLogLevel(settings.logLevel), other: 'ERROR' }, forward: {} },
      ...(settings.metricsBindAddress
        ? {
            metrics: {
              prometheus: {
                bindAddress: settings.metricsBindAddress,
                histogramBucketOverrides: { [PRODUCT_METRICS.statusCallUrns]: STATUS_CALL_URN_BUCKETS },
              },
            },
          }
        : {}),
    },
  });
  return { runtime, logger };
}

function coreLogLevel(level: LogLevel): LogLevel {
  return level === 'TRACE' || level === 'DEBUG' ? level : 'WARN';
}
