/**
 * Connection options for a Temporal cluster or Temporal Cloud: plaintext, TLS, mTLS from files, an API key. The
 * worker's and the client's connections share them; unreadable files are reported by the variable that names them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClientConnection,
  describeTemporalConnection,
  temporalConnectionOptions,
  TemporalTlsFileError,
  usesTls,
  type TemporalConnectionSettings,
} from '../worker/temporal-connection';

const CERT = '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
const API_KEY = 'tcld-api-key-do-not-log';

let dir: string;
let files: { cert: string; key: string; ca: string };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
  files = { cert: path.join(dir, 'client.pem'), key: path.join(dir, 'client.key'), ca: path.join(dir, 'ca.pem') };
  writeFileSync(files.cert, CERT);
  writeFileSync(files.key, KEY);
  writeFileSync(files.ca, CA);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function settings(overrides: Partial<TemporalConnectionSettings> & { tls?: Partial<TemporalConnectionSettings['tls']> } = {}): TemporalConnectionSettings {
  return {
    address: 'temporal.internal:7233',
    ...overrides,
    tls: { enabled: false, ...overrides.tls },
  };
}

describe('connection options', () => {
  it('are plaintext with no TLS setting and no API key (the dev server)', () => {
    const options = temporalConnectionOptions(settings({ address: 'localhost:7233' }));
    expect(options).toEqual({ address: 'localhost:7233' });
    expect(usesTls(settings())).toBe(false);
  });

  it("use TLS with the system's CAs when only TEMPORAL_TLS is on", () => {
    expect(temporalConnectionOptions(settings({ tls: { enabled: true } }))).toEqual({ address: 'temporal.internal:7233', tls: {} });
  });

  it('turn TLS on for an API key (Temporal Cloud) and pass the key', () => {
    const options = temporalConnectionOptions(settings({ address: 'eu-west-1.aws.api.temporal.io:7233', apiKey: API_KEY }));
    expect(options).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: API_KEY });
  });

  it('read the client certificate pair, the server CA and the server name for mTLS', () => {
    const options = temporalConnectionOptions(
      settings({
        address: 'acme.a1b2c.tmprl.cloud:7233',
        tls: { enabled: false, clientCertFile: files.cert, clientKeyFile: files.key, serverCaFile: files.ca, serverName: 'frontend.acme.internal' },
      }),
    );
    expect(options.apiKey).toBeUndefined();
    const tls = options.tls as { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate: Buffer; serverNameOverride: string };
    expect(tls.clientCertPair.crt.toString()).toBe(CERT);
    expect(tls.clientCertPair.key.toString()).toBe(KEY);
    expect(tls.serverRootCACertificate.toString()).toBe(CA);
    expect(tls.serverNameOverride).toBe('frontend.acme.internal');
  });

  it('use a private CA without a client certificate (server TLS only)', () => {
    const options = temporalConnectionOptions(settings({ tls: { enabled: false, serverCaFile: files.ca } }));
    expect(Object.keys(options.tls as object)).toEqual(['serverRootCACertificate']);
  });

  it('refuse a certificate without its key, and a key without its certificate', () => {
    expect(() => temporalConnectionOptions(settings({ tls: { enabled: true, clientCertFile: files.cert } }))).toThrow(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    );
    expect(() => temporalConnectionOptions(settings({ tls: { enabled: true, clientKeyFile: files.key } }))).toThrow(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    );
  });
});

describe('unreadable TLS files', () => {
  it.each([
    ['TEMPORAL_TLS_CERT', { clientCertFile: 'missing/client.pem', clientKeyFile: 'KEY' }],
    ['TEMPORAL_TLS_KEY', { clientCertFile: 'CERT', clientKeyFile: 'missing/client.key' }],
    ['TEMPORAL_TLS_CA', { serverCaFile: 'missing/ca.pem' }],
  ])('are reported by their variable: %s', (variable, tlsFiles) => {
    const tls = Object.fromEntries(
      Object.entries(tlsFiles).map(([setting, file]) => [setting, file === 'CERT' ? files.cert : file === 'KEY' ? files.key : path.join(dir, file)]),
    );
    const missing = Object.values(tls).find((file) => file.includes('missing'))!;
    let thrown: unknown;
    try {
      temporalConnectionOptions(settings({ tls: { enabled: true, ...tls } }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TemporalTlsFileError);
    expect(thrown).toMatchObject({ variable, file: missing, message: `${variable}=${missing} cannot be read (ENOENT)` });
  });

  it('names a directory given as a file too', () => {
    expect(() => temporalConnectionOptions(settings({ tls: { enabled: true, serverCaFile: dir } }))).toThrow(`TEMPORAL_TLS_CA=${dir} cannot be read (EISDIR)`);
  });

  it('fail the connection before anything is dialled', async () => {
    const failing = settings({ address: '127.0.0.1:1', tls: { enabled: true, clientCertFile: path.join(dir, 'nope.pem'), clientKeyFile: files.key } });
    await expect(connectClientConnection(failing)).rejects.toThrow(TemporalTlsFileError);
  });
});

describe('the startup description', () => {
  it('says where and how, never the API key or the files’ contents', () => {
    expect(describeTemporalConnection(settings({ address: 'localhost:7233' }))).toBe('localhost:7233 (plaintext)');
    expect(describeTemporalConnection(settings({ address: 'ns.acct.tmprl.cloud:7233', apiKey: API_KEY }))).toBe('ns.acct.tmprl.cloud:7233 (TLS, API key)');
    const mtls = describeTemporalConnection(
      settings({ tls: { enabled: false, clientCertFile: files.cert, clientKeyFile: files.key, serverCaFile: files.ca, serverName: 'frontend' } }),
    );
    expect(mtls).toBe(`temporal.internal:7233 (mTLS, CA ${files.ca}, server name frontend)`);
    expect(mtls).not.toContain('BEGIN');
  });
});
