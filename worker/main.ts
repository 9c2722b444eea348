/** `npm run worker`: a worker process for the configured Temporal server and LinkedIn (or the sandbox). */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig, loadDotEnv, temporalAddress } from './config';
import { createTrackingWorker } from './create-worker';
import { linkedInClientFor } from './linkedin';
import { notificationsFor } from './notifications';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const connection = await NativeConnection.connect({ address: temporalAddress(config) });
  const clientConnection = await Connection.connect({ address: temporalAddress(config) });
  const linkedIn = linkedInClientFor(config);
  try {
    const worker = await createTrackingWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      linkedIn,
      notifications: notificationsFor(config),
      client: new Client({ connection: clientConnection, namespace: config.temporal.namespace }),
    });
    console.log(
      `worker: task queue ${config.temporal.taskQueue} on ${temporalAddress(config)}, LinkedIn at ${config.linkedIn.apiBaseUrl} (${config.linkedIn.target})`,
    );
    // Worker.run() stops on SIGINT/SIGTERM, after in-flight activities finish (within the grace time).
    await worker.run();
  } finally {
    await linkedIn.close();
    await clientConnection.close();
    await connection.close();
  }
}

if (require.main === module) {
  loadDotEnv();
  runWorker().catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
