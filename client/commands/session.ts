/** A Temporal client for one CLI command, closed when the command ends so the process exits promptly. */
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../worker/config';
import { connectClient } from '../connect';
import { UsageError } from './usage-error';

/** gRPC status INVALID_ARGUMENT: how the server refuses a visibility query it cannot parse. */
const GRPC_INVALID_ARGUMENT = 3;

export async function withTemporal<T>(work: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await work(client, config);
  } catch (error) {
    // A raw --query the server cannot read is bad input, not a failure of the service.
    if (error instanceof ServiceError && isGrpcServiceError(error.cause) && error.cause.code === GRPC_INVALID_ARGUMENT) {
      throw new UsageError(`${error.message}: ${error.cause.details}`);
    }
    throw error;
  } finally {
    await client.connection.close();
  }
}
