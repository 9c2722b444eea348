/**
 * Schema validation of one batch_create element, answered the way rest.li does: a single
 * "ERROR :: /<field> :: ..." message for the first problem, which becomes that element's 422 entry.
 */
import { JOB_OPERATIONS, type JobOperation } from '../workflows/domain';

/** Required fields in the order LinkedIn reports them; CLOSE only needs the id and the operation. */
const REQUIRED_FIELDS = ['companyApplyUrl', 'externalJobPostingId', 'jobPostingOperationType', 'title', 'description', 'listedAt', 'location'] as const;
const REQUIRED_FOR_CLOSE = ['externalJobPostingId', 'jobPostingOperationType'] as const;
const STRING_FIELDS = ['companyApplyUrl', 'externalJobPostingId', 'jobPostingOperationType', 'title', 'description', 'location'] as const;
export const MAX_ALTERNATE_LOCATIONS = 7;

export interface ValidElement {
  externalJobPostingId: string;
  operation: JobOperation;
  description: string | undefined;
  /** One entry per task to create: the primary location first, then the alternates in order. */
  locations: (string | undefined)[];
  /** True when the element has alternateLocations; only then do task results carry `location`. */
  multiLocation: boolean;
}

export type ElementCheck = { ok: true; element: ValidElement } | { ok: false; message: string };

export function validateElement(raw: unknown): ElementCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('', `${JSON.stringify(raw)} cannot be coerced to SimpleJobPosting`);
  }
  const element = raw as Record<string, unknown>;
  const isPresent = (field: string): boolean => element[field] !== undefined && element[field] !== null;

  const required = element.jobPostingOperationType === 'CLOSE' ? REQUIRED_FOR_CLOSE : REQUIRED_FIELDS;
  const missing = required.find((field) => !isPresent(field));
  if (missing) return invalid(missing, 'field is required but not found and has no default value');

  const mistyped = STRING_FIELDS.find((field) => isPresent(field) && typeof element[field] !== 'string');
  if (mistyped) return invalid(mistyped, `${JSON.stringify(element[mistyped])} cannot be coerced to String`);
  if (isPresent('listedAt') && !Number.isInteger(element.listedAt)) {
    return invalid('listedAt', `${JSON.stringify(element.listedAt)} cannot be coerced to Long`);
  }

  const operation = element.jobPostingOperationType as string;
  if (!(JOB_OPERATIONS as readonly string[]).includes(operation)) {
    return invalid('jobPostingOperationType', `${JSON.stringify(operation)} is not an enum symbol`);
  }

  const alternates = element.alternateLocations ?? [];
  if (!Array.isArray(alternates) || alternates.some((location) => typeof location !== 'string')) {
    return invalid('alternateLocations', `${JSON.stringify(alternates)} cannot be coerced to Array of String`);
  }
  if (alternates.length > MAX_ALTERNATE_LOCATIONS) {
    return invalid('alternateLocations', `array has ${alternates.length} items, more than the maximum of ${MAX_ALTERNATE_LOCATIONS}`);
  }

  const primary = element.location as string | undefined;
  const alternateLocations = alternates as string[];
  const locations = primary !== undefined ? [primary, ...alternateLocations] : alternateLocations.length > 0 ? alternateLocations : [undefined];
  return {
    ok: true,
    element: {
      externalJobPostingId: element.externalJobPostingId as string,
      operation: operation as JobOperation,
      description: element.description as string | undefined,
      locations,
      multiLocation: alternateLocations.length > 0,
    },
  };
}

function invalid(field: string, problem: string): ElementCheck {
  return { ok: false, message: `ERROR :: /${field} :: ${problem}` };
}
