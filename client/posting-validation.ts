/**
 * Checks a batch of posting elements before anything reaches LinkedIn: once LinkedIn has accepted an element it
 * is live work, so a batch with one bad element is refused whole rather than half sent.
 */
import type { JobPostingElement } from '../workflows/domain';
import { findInputProblems, type JobOperationInput } from '../workflows/input';

export interface ElementProblems {
  /** Position of the element in the batch, from 0. */
  index: number;
  problems: string[];
}

export class InvalidPostingsError extends Error {
  constructor(readonly elements: ElementProblems[]) {
    super(
      `Invalid posting elements, nothing was submitted: ${elements
        .map((element) => `element ${element.index}: ${element.problems.join('; ')}`)
        .join(' | ')}`,
    );
    this.name = 'InvalidPostingsError';
  }
}

/** The tracked operation an element stands for, with the task URNs LinkedIn returned for it once known. */
export function operationInputOf(element: JobPostingElement, taskUrns?: string[], submittedAt?: Date): JobOperationInput {
  return {
    operation: element.jobPostingOperationType,
    externalJobPostingId: element.externalJobPostingId,
    // Kept with the task URNs so the workflow can resubmit after LinkedIn's catch-all error or a budget top-up.
    posting: element,
    ...(taskUrns ? { taskUrns } : {}),
    ...(submittedAt ? { submittedAt: submittedAt.toISOString() } : {}),
  };
}

export interface ValidationOptions {
  /**
   * LinkedIn asks for one element per externalJobPostingId in a call. Checked for what this service is about to
   * send; not for a batch the posting service already sent, whose operations must be tracked as they are.
   */
  uniqueExternalIds: boolean;
}

/** Throws InvalidPostingsError naming every bad element by its index; returns the elements typed. */
export function assertValidPostings(elements: readonly unknown[], options: ValidationOptions): JobPostingElement[] {
  const invalid: ElementProblems[] = [];
  const firstIndexOfId = new Map<string, number>();
  elements.forEach((element, index) => {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) {
      invalid.push({ index, problems: ['must be a JSON object (a simpleJobPostings element)'] });
      return;
    }
    const posting = element as JobPostingElement;
    const problems = findInputProblems(operationInputOf(posting));
    const id = posting.externalJobPostingId;
    if (options.uniqueExternalIds && typeof id === 'string') {
      const first = firstIndexOfId.get(id);
      if (first === undefined) firstIndexOfId.set(id, index);
      else problems.push(`externalJobPostingId ${JSON.stringify(id)} is also element ${first}'s; LinkedIn takes one element per job in a call`);
    }
    if (problems.length > 0) invalid.push({ index, problems });
  });
  if (invalid.length > 0) throw new InvalidPostingsError(invalid);
  return elements as JobPostingElement[];
}
