/** The Temporal connection settings of the configuration, for the worker, the CLI and the dev stack alike. */
import { temporalAddress, type Config } from './config';
import type { TemporalConnectionSettings } from './temporal-connection';

export function temporalConnectionSettings(config: Config): TemporalConnectionSettings {
  return { address: temporalAddress(config), tls: config.temporal.tls, apiKey: config.temporal.apiKey };
}
