/**
 * OAuth 2 client-credentials tokens. One token serves every call of a client; it is renewed ahead of its expiry,
 * and callers arriving during a renewal wait for that renewal instead of starting their own.
 */
import { z } from 'zod';
import { LinkedInAuthenticationError, LinkedInUnavailableError } from './errors';
import { HttpTransport, parseJsonBody, throwForUnexpectedStatus } from './http';

export interface AccessTokenSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  tokenRefreshMarginMs: number;
}

const OPERATION = 'Access token request';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  // LinkedIn sends a number; one of its documentation samples sends a string.
  expires_in: z.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/).transform(Number)]).pipe(z.number().positive()),
});

/** The token endpoint's answers to wrong credentials or an unauthorised app: retrying cannot help. */
const CREDENTIAL_REFUSAL_STATUSES = new Set([400, 401, 403]);

interface CachedToken {
  value: string;
  renewAtMs: number;
}

export class AccessTokenProvider {
  private cached: CachedToken | null = null;
  private renewal: Promise<string> | null = null;

  constructor(
    private readonly transport: HttpTransport,
    private readonly settings: AccessTokenSettings,
    private readonly now: () => number,
  ) {}

  /** A token valid for at least the refresh margin, fetched only when the cached one is missing or due. */
  async token(): Promise<string> {
    if (this.cached !== null && this.now() < this.cached.renewAtMs) return this.cached.value;
    return this.renewOnce();
  }

  /**
   * Called after LinkedIn answered 401 to `rejected`. Only the first of several concurrent callers holding the
   * same stale token triggers a renewal; the others get the token it produced.
   */
  async replaceRejected(rejected: string): Promise<string> {
    if (this.cached?.value === rejected) this.cached = null;
    return this.token();
  }

  private renewOnce(): Promise<string> {
    if (this.renewal === null) {
      this.renewal = this.fetchToken().finally(() => {
        this.renewal = null;
      });
    }
    return this.renewal;
  }

  private async fetchToken(): Promise<string> {
    const requestedAtMs = this.now();
    const response = await this.transport.send(OPERATION, {
      method: 'POST',
      url: this.settings.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      // URLSearchParams percent-encodes the secret; it travels only in this body, never in a URL.
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
      }).toString(),
    });

    if (CREDENTIAL_REFUSAL_STATUSES.has(response.status)) {
      throw new LinkedInAuthenticationError(
        `LinkedIn's token endpoint refused the client credentials (HTTP ${response.status}${oauthErrorCode(response.text)})`,
        response.status,
      );
    }
    if (response.status !== 200) throwForUnexpectedStatus(OPERATION, response, this.now());

    const parsed = tokenResponseSchema.safeParse(parseJsonBody(OPERATION, response));
    if (!parsed.success) {
      // The body holds a token: describe what is wrong with it without quoting it.
      throw new LinkedInUnavailableError(
        `${OPERATION}: LinkedIn's answer lacks a usable access_token/expires_in (${parsed.error.issues
          .map((issue) => issue.path.join('.') || 'body')
          .join(', ')})`,
        { httpStatus: response.status },
      );
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    // A token living shorter than twice the margin would be due on arrival; renew it halfway through instead.
    const marginMs = Math.min(this.settings.tokenRefreshMarginMs, lifetimeMs / 2);
    this.cached = { value: parsed.data.access_token, renewAtMs: requestedAtMs + lifetimeMs - marginMs };
    return parsed.data.access_token;
  }
}

/** ": invalid_client" from an OAuth error body; the free-text description is left out as it may echo input. */
function oauthErrorCode(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
      return `: ${body.error}`;
    }
  } catch {
    // Not JSON: nothing to add.
  }
  return '';
}
