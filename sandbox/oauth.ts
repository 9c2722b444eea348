/**
 * OAuth 2 client-credentials flow (POST /oauth/v2/accessToken) and the bearer-token check every API call makes.
 * Tokens are random opaque strings, remembered with their issue time so an old one can be told from a forged one.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiAnswer } from './linkedin-errors';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type TokenCheck = 'valid' | 'invalid' | 'expired';

export class TokenIssuer {
  private readonly issuedAt = new Map<string, number>();

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly lifetimeSeconds: number,
    private readonly clock: () => number,
  ) {}

  get issuedCount(): number {
    return this.issuedAt.size;
  }

  /** Answers a token request whose form body is `form`. */
  exchange(form: URLSearchParams): ApiAnswer {
    for (const field of ['grant_type', 'client_id', 'client_secret']) {
      if (!form.get(field)) return oauthError(400, 'invalid_request', `A required parameter "${field}" is missing`);
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The grant type is not supported: only client_credentials is allowed');
    }
    if (!sameSecret(form.get('client_id') ?? '', this.credentials.clientId) || !sameSecret(form.get('client_secret') ?? '', this.credentials.clientSecret)) {
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    const token = `AQ${randomBytes(96).toString('base64url')}`;
    this.issuedAt.set(token, this.clock());
    return { status: 200, body: { access_token: token, expires_in: this.lifetimeSeconds } };
  }

  /** Checks an Authorization header value. */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const issuedAt = match?.[1] === undefined ? undefined : this.issuedAt.get(match[1]);
    if (issuedAt === undefined) return 'invalid';
    return this.clock() - issuedAt >= this.lifetimeSeconds * 1000 ? 'expired' : 'valid';
  }
}

function oauthError(status: number, error: string, description: string): ApiAnswer {
  return { status, body: { error, error_description: description } };
}

/** Constant-time comparison, so the sandbox does not teach clients to leak secrets through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
