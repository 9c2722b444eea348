/** A LinkedIn sandbox and the production client pointed at it, as a worker would have them. */
import { createLinkedInClient, type LinkedInClient } from '../../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from '../../activities/linkedin/config';
import { startSandbox, type LinkedInSandbox, type SandboxOptions } from '../../sandbox';
import { SANDBOX_CREDENTIALS } from '../../worker/config';

export interface LinkedInFixture {
  sandbox: LinkedInSandbox;
  linkedIn: LinkedInClient;
  close(): Promise<void>;
}

export async function startLinkedInSandbox(options: SandboxOptions = {}): Promise<LinkedInFixture> {
  const sandbox = await startSandbox(options);
  const linkedIn = createLinkedInClient({
    ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
    apiBaseUrl: sandbox.url,
    tokenUrl: `${sandbox.url}/oauth/v2/accessToken`,
    ...SANDBOX_CREDENTIALS,
  });
  return {
    sandbox,
    linkedIn,
    async close() {
      await linkedIn.close();
      await sandbox.close();
    },
  };
}
