/** A Temporal client for the configured server, for the CLI and scripts (a posting service brings its own). */
import { Client } from '@temporalio/client';
import type { Config } from '../worker/config';
import { connectClientConnection } from '../worker/temporal-connection';
import { temporalConnectionSettings } from '../worker/temporal-settings';

export class TemporalUnreachableError extends Error {
  constructor(address: string, cause: unknown) {
    super(`cannot reach Temporal at ${address} (${(cause as Error).message}). Is \`npm start\` running, or TEMPORAL_ADDRESS right?`);
    this.name = 'TemporalUnreachableError';
  }
}

/** With the same TLS / API key settings as the workers. */
export async function connectClient(config: Config): Promise<Client> {
  const settings = temporalConnectionSettings(config);
  try {
    const connection = await connectClientConnection(settings, { connectTimeout: 5_000 });
    return new Client({ connection, namespace: config.temporal.namespace });
  } catch (err) {
    throw new TemporalUnreachableError(settings.address, err);
  }
}
