/** A Temporal client for the configured server, for the CLI and scripts (a posting service brings its own). */
import { Client, Connection } from '@temporalio/client';
import { temporalAddress, type Config } from '../worker/config';

export class TemporalUnreachableError extends Error {
  constructor(address: string, cause: unknown) {
    super(`cannot reach Temporal at ${address} (${(cause as Error).message}). Is \`npm start\` running, or TEMPORAL_ADDRESS right?`);
    this.name = 'TemporalUnreachableError';
  }
}

export async function connectClient(config: Config): Promise<Client> {
  const address = temporalAddress(config);
  try {
    const connection = await Connection.connect({ address, connectTimeout: 5_000 });
    return new Client({ connection, namespace: config.temporal.namespace });
  } catch (err) {
    throw new TemporalUnreachableError(address, err);
  }
}
