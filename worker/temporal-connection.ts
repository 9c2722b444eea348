/**
 * How this service reaches Temporal: a local dev server in plain text, a self-hosted cluster with mTLS, or Temporal
 * Cloud with mTLS or an API key. The worker's NativeConnection and the client's Connection are built from the same
 * settings, so they can never point at different places or trust different CAs.
 */
import { readFileSync } from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions, type TLSConfig } from '@temporalio/worker';

export interface TemporalTlsSettings {
  /** TLS without any file: the server's certificate is checked against the system's CAs. */
  enabled: boolean;
  /** PEM client certificate for mTLS (TEMPORAL_TLS_CERT); needs the key. */
  clientCertFile?: string | undefined;
  /** PEM private key of the client certificate (TEMPORAL_TLS_KEY). */
  clientKeyFile?: string | undefined;
  /** PEM CA that signed the server's certificate, when it is not one the system trusts (TEMPORAL_TLS_CA). */
  serverCaFile?: string | undefined;
  /** Name to check the server's certificate against instead of the address's host (TEMPORAL_TLS_SERVER_NAME). */
  serverName?: string | undefined;
}

export interface TemporalConnectionSettings {
  address: string;
  tls: TemporalTlsSettings;
  /** Temporal Cloud API key (TEMPORAL_API_KEY); implies TLS. A credential: never logged. */
  apiKey?: string | undefined;
}

/** The variable behind each file setting, so an unreadable file is reported by the name the operator set. */
export const TLS_FILE_VARIABLES = {
  clientCertFile: 'TEMPORAL_TLS_CERT',
  clientKeyFile: 'TEMPORAL_TLS_KEY',
  serverCaFile: 'TEMPORAL_TLS_CA',
} as const;

type TlsFileSetting = keyof typeof TLS_FILE_VARIABLES;

export class TemporalTlsFileError extends Error {
  constructor(
    readonly variable: string,
    readonly file: string,
    cause: unknown,
  ) {
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    super(`${variable}=${file} cannot be read (${reason})`, { cause });
    this.name = 'TemporalTlsFileError';
  }
}

export type ReadFile = (file: string) => Buffer;

/** The options both connection kinds share: address, TLS material read from disk, and the API key. */
export type TemporalConnectionOptions = Pick<NativeConnectionOptions, 'address' | 'tls' | 'apiKey'>;

export function temporalConnectionOptions(
  settings: TemporalConnectionSettings,
  readFile: ReadFile = readFileSync,
): TemporalConnectionOptions {
  const tls = tlsConfigFor(settings, readFile);
  return {
    address: settings.address,
    ...(tls ? { tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

function tlsConfigFor(settings: TemporalConnectionSettings, readFile: ReadFile): TLSConfig | undefined {
  const { tls } = settings;
  if (Boolean(tls.clientCertFile) !== Boolean(tls.clientKeyFile)) {
    throw new Error(`${TLS_FILE_VARIABLES.clientCertFile} and ${TLS_FILE_VARIABLES.clientKeyFile} must be set together`);
  }
  if (!usesTls(settings)) return undefined;
  const read = (setting: TlsFileSetting): Buffer | undefined => {
    const file = tls[setting];
    if (!file) return undefined;
    try {
      return readFile(file);
    } catch (err) {
      throw new TemporalTlsFileError(TLS_FILE_VARIABLES[setting], file, err);
    }
  };
  const crt = read('clientCertFile');
  const key = read('clientKeyFile');
  const ca = read('serverCaFile');
  return {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
}

/** Any TLS setting, or an API key (Temporal Cloud takes keys only over TLS), turns TLS on. */
export function usesTls(settings: TemporalConnectionSettings): boolean {
  const { tls } = settings;
  return tls.enabled || Boolean(settings.apiKey || tls.clientCertFile || tls.serverCaFile || tls.serverName);
}

/** For the startup log line: where and how, never the API key or file contents. */
export function describeTemporalConnection(settings: TemporalConnectionSettings): string {
  if (!usesTls(settings)) return `${settings.address} (plaintext)`;
  const how = [settings.apiKey ? 'TLS, API key' : settings.tls.clientCertFile ? 'mTLS' : 'TLS'];
  if (settings.tls.serverCaFile) how.push(`CA ${settings.tls.serverCaFile}`);
  if (settings.tls.serverName) how.push(`server name ${settings.tls.serverName}`);
  return `${settings.address} (${how.join(', ')})`;
}

/** The worker's connection (Rust core). */
export async function connectWorkerConnection(
  settings: TemporalConnectionSettings,
  extra: Omit<NativeConnectionOptions, keyof TemporalConnectionOptions> = {},
): Promise<NativeConnection> {
  return NativeConnection.connect({ ...extra, ...temporalConnectionOptions(settings) });
}

/** The client's connection (gRPC-js), for activities that signal or list workflows, the CLI and scripts. */
export async function connectClientConnection(
  settings: TemporalConnectionSettings,
  extra: Omit<ConnectionOptions, keyof TemporalConnectionOptions> = {},
): Promise<Connection> {
  return Connection.connect({ ...extra, ...temporalConnectionOptions(settings) });
}
