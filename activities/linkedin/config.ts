/** Settings of the LinkedIn API client. Endpoints and credentials come from the deployment; the rest has defaults. */
export interface LinkedInClientConfig {
  /** 'https://api.linkedin.com' in production, the sandbox URL in development and tests. */
  apiBaseUrl: string;
  /** 'https://www.linkedin.com/oauth/v2/accessToken' in production, `${sandbox}/oauth/v2/accessToken` otherwise. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** A status lookup with more URNs is split into several requests. */
  maxUrnsPerStatusCall: number;
  /** LinkedIn answers 414 above 4 KB of query string; a longer lookup is sent through query tunneling. */
  maxQueryStringBytes: number;
  connectTimeoutMs: number;
  /** Applies to the response headers and, separately, to every pause while the body arrives. */
  responseTimeoutMs: number;
  /** How long before its expiry a token is renewed, so no call goes out with a token about to lapse. */
  tokenRefreshMarginMs: number;
}

export const DEFAULT_LINKEDIN_CLIENT_CONFIG: Omit<
  LinkedInClientConfig,
  'apiBaseUrl' | 'tokenUrl' | 'clientId' | 'clientSecret'
> = Object.freeze({
  maxUrnsPerStatusCall: 50,
  maxQueryStringBytes: 4096,
  connectTimeoutMs: 5_000,
  responseTimeoutMs: 30_000,
  tokenRefreshMarginMs: 60_000,
});

/** Rejects settings that would make the client misbehave silently (an empty split, a zero timeout). */
export function assertValidConfig(config: LinkedInClientConfig): void {
  for (const key of ['apiBaseUrl', 'tokenUrl'] as const) {
    if (!URL.canParse(config[key])) {
      throw new RangeError(`LinkedIn client config: ${key} must be an absolute URL`);
    }
  }
  if (config.clientId === '' || config.clientSecret === '') {
    throw new RangeError('LinkedIn client config: clientId and clientSecret are required');
  }
  const positiveIntegers = ['maxUrnsPerStatusCall', 'maxQueryStringBytes', 'connectTimeoutMs', 'responseTimeoutMs'] as const;
  for (const key of positiveIntegers) {
    if (!Number.isInteger(config[key]) || config[key] <= 0) {
      throw new RangeError(`LinkedIn client config: ${key} must be a positive integer, got ${config[key]}`);
    }
  }
  if (!Number.isFinite(config.tokenRefreshMarginMs) || config.tokenRefreshMarginMs < 0) {
    throw new RangeError(`LinkedIn client config: tokenRefreshMarginMs must be >= 0, got ${config.tokenRefreshMarginMs}`);
  }
}
