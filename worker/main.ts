/**
 * `npm run worker`: a production worker process. Installs the Runtime (JSON logs, Prometheus endpoint) before
 * anything connects, runs the pre-built workflow bundle when there is one, and on SIGINT/SIGTERM stops polling,
 * lets in-flight activities finish within WORKER_SHUTDOWN_GRACE, then closes its connections. Any number of these
 * processes may serve the same task queue.
 */
import { Client } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import { Runtime, type WorkerOptions } from '@temporalio/worker';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { createTrackingWorker } from './create-worker';
import { linkedInClientFor } from './linkedin';
import { notificationsFor } from './notifications';
import { installWorkerRuntime } from './runtime';
import { connectClientConnection, connectWorkerConnection, describeTemporalConnection } from './temporal-connection';
import { temporalConnectionSettings } from './temporal-settings';
import { atLeast } from './structured-logger';
import { buildWorkflowBundle, resolveWorkflowCode } from './workflow-bundle';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs until a shutdown signal. The Runtime must be installed (installWorkerRuntime) before this is called. */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  const temporal = temporalConnectionSettings(config);
  const connection = await connectWorkerConnection(temporal);
  const clientConnection = await connectClientConnection(temporal).catch(async (err) => {
    await connection.close();
    throw err;
  });
  const linkedIn = linkedInClientFor(config, { metricMeter: Runtime.instance().metricMeter });
  try {
    const workflowBundle = await loadWorkflowBundle(config, logger);
    const worker = await createTrackingWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      linkedIn,
      notifications: notificationsFor(config, logger),
      client: new Client({ connection: clientConnection, namespace: config.temporal.namespace }),
      workflowBundle: workflowBundle.bundle,
      shutdownGraceTime: config.worker.shutdownGraceMs,
    });
    logger.info('Worker started', {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      temporal: describeTemporalConnection(temporal),
      linkedIn: `${config.linkedIn.apiBaseUrl} (${config.linkedIn.target})`,
      workflowCode: workflowBundle.description,
      metrics: config.observability.metricsBindAddress ? `http://${config.observability.metricsBindAddress}/metrics` : 'off',
      shutdownGraceMs: config.worker.shutdownGraceMs,
    });
    // The Runtime turns the first SIGINT/SIGTERM into worker.shutdown() and then stops listening, so a second
    // signal ends the process at once (Node's default), for an operator who cannot wait.
    for (const signal of SHUTDOWN_SIGNALS) {
      process.once(signal, () =>
        logger.info('Shutting down: no new tasks; in-flight activities get the grace time to finish. Send the signal again to exit now.', {
          signal,
          shutdownGraceMs: config.worker.shutdownGraceMs,
        }),
      );
    }
    await worker.run();
    logger.info('Worker stopped');
  } finally {
    await linkedIn.close();
    await clientConnection.close();
    await connection.close();
  }
}

/** The pre-built bundle, or one built now with the same function `npm run build:workflows` uses. */
async function loadWorkflowBundle(config: Config, logger: Logger): Promise<{ bundle: WorkerOptions['workflowBundle']; description: string }> {
  const code = resolveWorkflowCode(config.worker.workflowBundle);
  if (code.kind === 'bundle') {
    if (code.staleAgainst.length > 0) {
      logger.warn('The workflow bundle is older than workflow sources: it runs the old code. Run `npm run build:workflows`.', {
        workflowBundle: code.codePath,
        changedSources: code.staleAgainst,
      });
    }
    return { bundle: { codePath: code.codePath }, description: code.codePath };
  }
  const { code: bundled } = await buildWorkflowBundle(atLeast(logger, 'WARN'));
  return { bundle: { code: bundled }, description: `bundled at start (${code.reason})` };
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exitCode = 1;
    return;
  }
  const { observability } = config;
  let logger: Logger;
  try {
    ({ logger } = installWorkerRuntime({ ...observability, logFormat: observability.logFormat ?? 'json' }));
  } catch (err) {
    // In practice the metrics port: another process (another worker on this host?) already listens there.
    console.error(`Cannot start the worker's runtime (METRICS_BIND_ADDRESS=${observability.metricsBindAddress ?? ''}): ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  try {
    await runWorker(config, logger);
  } catch (err) {
    logger.error(`Worker failed: ${err instanceof Error ? err.message : String(err)}`, { error: err });
    // Exit explicitly: a Runtime that never got a worker keeps the process alive and holds on to SIGINT/SIGTERM.
    Runtime.instance().flushLogs();
    process.exit(1);
  }
}

if (require.main === module) void main();
