/**
 * API calls with a bearer token. A 401 gets exactly one renewal and one retry: an expired or revoked token heals,
 * while wrong credentials surface at once as LinkedInAuthenticationError instead of looping.
 */
import type { AccessTokenProvider } from './access-token';
import { LinkedInAuthenticationError } from './errors';
import { errorBodyMessage, type HttpRequest, type HttpResponse, type HttpTransport } from './http';

export class AuthorizedTransport {
  constructor(
    private readonly transport: HttpTransport,
    private readonly tokens: AccessTokenProvider,
  ) {}

  /** `build` receives the Authorization header value; it is called again for the retry after a renewal. */
  async send(operation: string, build: (authorization: string) => HttpRequest): Promise<HttpResponse> {
    const firstToken = await this.tokens.token();
    const first = await this.transport.send(operation, build(`Bearer ${firstToken}`));
    if (first.status !== 401) return first;

    const renewedToken = await this.tokens.replaceRejected(firstToken);
    const second = await this.transport.send(operation, build(`Bearer ${renewedToken}`));
    if (second.status !== 401) return second;

    throw new LinkedInAuthenticationError(
      `${operation}: LinkedIn answered HTTP 401 again after a token renewal (${errorBodyMessage(second) ?? 'no message'})`,
      401,
    );
  }
}
