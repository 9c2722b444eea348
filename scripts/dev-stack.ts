/**
 * `npm start`: the whole service on one machine. A Temporal dev server (SQLite file, Web UI) unless
 * TEMPORAL_ADDRESS names one, the LinkedIn sandbox unless LinkedIn credentials are configured, and a worker.
 * Ctrl-C stops all of it; the SQLite file keeps running workflows for the next start.
 */
import { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { loadRulesFile, startSandbox, type LinkedInSandbox } from '../sandbox';
import { ConfigError, loadConfig, loadDotEnv, temporalAddress, type Config } from '../worker/config';
import { createTrackingWorker } from '../worker/create-worker';
import { linkedInClientFor } from '../worker/linkedin';
import { notificationsFor } from '../worker/notifications';
import { installWorkerRuntime } from '../worker/runtime';
import { atLeast } from '../worker/structured-logger';
import { buildWorkflowBundle } from '../worker/workflow-bundle';
import { connectClientConnection, connectWorkerConnection } from '../worker/temporal-connection';
import { temporalConnectionSettings } from '../worker/temporal-settings';
import { registerSearchAttributes } from './search-attributes';
import { resolveTemporalBinary, TEMPORAL_CLI } from './temporal-binaries';
import { startDevServer, type DevServer } from './temporal-dev-server';

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config = loadConfig();
  // Before anything connects: logs (pretty here, unless LOG_FORMAT says otherwise) and the metrics endpoint.
  const { logger } = installWorkerRuntime({ ...config.observability, logFormat: config.observability.logFormat ?? 'pretty' });
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  };

  try {
    let server: DevServer | undefined;
    if (!config.temporal.address) {
      const cli = resolveTemporalBinary(TEMPORAL_CLI);
      server = await startDevServer({
        executable: cli.path,
        port: config.devStack.temporalPort,
        uiPort: config.devStack.uiPort,
        databaseFile: config.devStack.databaseFile,
        namespace: config.temporal.namespace,
      });
      stops.push(server.stop);
    }
    const address = server?.address ?? temporalAddress(config);

    const connectionSettings = { ...temporalConnectionSettings(config), address };
    const clientConnection = await connectClientConnection(connectionSettings);
    stops.push(() => clientConnection.close());
    const added = await registerSearchAttributes(clientConnection, config.temporal.namespace);

    let sandbox: LinkedInSandbox | undefined;
    if (config.linkedIn.target === 'sandbox') {
      sandbox = await startSandbox({
        port: config.devStack.sandboxPort,
        processingMs: config.devStack.sandboxProcessingMs,
        rules: loadRulesFile(config.devStack.sandboxRulesFile),
        ...(config.devStack.sandboxStateFile ? { stateFile: config.devStack.sandboxStateFile } : {}),
      });
      stops.push(() => sandbox!.close());
      // The sandbox may have taken another port (SANDBOX_PORT=0): point the client at where it really is.
      config = { ...config, linkedIn: { ...config.linkedIn, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/oauth/v2/accessToken` } };
    }

    const connection = await connectWorkerConnection(connectionSettings);
    stops.push(() => connection.close());
    const linkedIn = linkedInClientFor(config, { metricMeter: Runtime.instance().metricMeter });
    stops.push(() => linkedIn.close());
    const worker = await createTrackingWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      linkedIn,
      notifications: notificationsFor(config, logger),
      // Bundled here, with the bundler's chatter held back, rather than by the worker at INFO.
      workflowBundle: { code: (await buildWorkflowBundle(atLeast(logger, 'WARN'))).code },
      client: new Client({ connection: clientConnection, namespace: config.temporal.namespace }),
    });

    console.log(
      [
        '',
        'linkedin-job-tracker is running',
        `  Temporal      ${address}${server ? ` (dev server, data in ${config.devStack.databaseFile})` : ''}`,
        ...(server ? [`  Temporal UI   ${server.uiUrl}/namespaces/${config.temporal.namespace}/workflows`] : []),
        `  LinkedIn      ${config.linkedIn.apiBaseUrl}${sandbox ? ` (sandbox, tasks finish after ${config.devStack.sandboxProcessingMs / 1000}s${config.devStack.sandboxStateFile ? `, state in ${config.devStack.sandboxStateFile}` : ''})` : ''}`,
        `  Task queue    ${config.temporal.taskQueue}`,
        ...(config.observability.metricsBindAddress ? [`  Metrics       http://${config.observability.metricsBindAddress}/metrics`] : []),
        ...(added.length > 0 ? [`  Registered search attributes: ${added.join(', ')}`] : []),
        '',
        'Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );

    // The SDK's runtime shuts the worker down on SIGINT/SIGTERM; run() returns once in-flight work is done.
    const announce = () => console.log('\nstopping: worker, then sandbox and Temporal...');
    process.once('SIGINT', announce);
    process.once('SIGTERM', announce);
    await worker.run();
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
