/** Which budget a BUDGET_EXHAUSTED failure spent, so every operation on the same budget is alerted and resumed together. */
import type { BudgetScope, JobPostingElement } from './domain';

export interface BudgetRef {
  scope: BudgetScope;
  /** The job id (job scope), the contract URN (contract scope) or the organization URN (account scope). */
  key: string;
}

export function budgetRefOf(scope: BudgetScope, externalJobPostingId: string, posting: JobPostingElement | undefined): BudgetRef {
  switch (scope) {
    case 'job':
      return { scope, key: externalJobPostingId };
    case 'contract':
      return { scope, key: posting?.contract ?? posting?.integrationContext ?? 'unknown-contract' };
    case 'account':
      return { scope, key: posting?.integrationContext ?? 'unknown-account' };
  }
}

/** The value of the LinkedInWaitingFor search attribute, and of `resume --budget` on the command line. */
export function budgetWaitKey(budget: BudgetRef): string {
  return `BUDGET:${budget.scope}:${budget.key}`;
}

export const CREDENTIALS_WAIT_KEY = 'CREDENTIALS';

export function budgetAlertWorkflowId(budget: BudgetRef): string {
  return `budget-alert/${budget.scope}/${budget.key}`;
}
