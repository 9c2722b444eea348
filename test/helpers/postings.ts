/** Posting elements as a posting service would send them. */
import type { JobOperation, JobPostingElement } from '../../workflows/domain';

const DESCRIPTION =
  'We are looking for an engineer who enjoys building reliable distributed systems, owning services end to end, ' +
  'and working closely with recruiters to make every job posting reach the right candidates.';

export function posting(externalJobPostingId: string, overrides: Partial<JobPostingElement> = {}): JobPostingElement {
  return {
    externalJobPostingId,
    jobPostingOperationType: 'CREATE' as JobOperation,
    title: 'Senior Workflow Engineer',
    description: DESCRIPTION,
    companyApplyUrl: `https://careers.example.com/jobs/${encodeURIComponent(externalJobPostingId)}`,
    listedAt: Date.UTC(2026, 10, 1),
    location: 'Berlin, Germany',
    integrationContext: 'urn:li:organization:2414183',
    ...overrides,
  };
}

let counter = 0;
/** A fresh id per test, so the sandbox's memory of earlier postings never leaks between tests. */
export function uniqueJobId(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`;
}
