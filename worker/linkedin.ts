/** The LinkedIn client a worker process shares among all its activities (one token, one connection pool). */
import { createLinkedInClient, type LinkedInClient } from '../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from '../activities/linkedin/config';
import type { Config } from './config';

export function linkedInClientFor(config: Config): LinkedInClient {
  return createLinkedInClient({ ...DEFAULT_LINKEDIN_CLIENT_CONFIG, ...config.linkedIn });
}
