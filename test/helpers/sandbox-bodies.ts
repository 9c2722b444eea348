/** The sandbox's task-status answer as the tests read it (LinkedIn's shape: results, errors, statuses). */
export interface TaskResultBody {
  id: string;
  status: string;
  externalJobPostingId: string;
  jobPosting?: string;
  location?: string;
  errorMessage?: string;
}

export interface StatusBody {
  results: Record<string, TaskResultBody>;
  errors: Record<string, { status: number; message: string }>;
  statuses: object;
}
