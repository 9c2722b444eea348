/**
 * POST /v2/simpleJobPostings (batch_create) for any number of elements, 100 per call, calls one after another.
 * Never retried here beyond the 401 renewal: LinkedIn may have acted on a call whose answer was lost, and a blind
 * resend could post a job twice. The caller decides.
 */
import { z } from 'zod';
import { TASK_URN_PREFIX, type JobPostingElement } from '../../workflows/domain';
import type { AuthorizedTransport } from './authorized-transport';
import { LinkedInError, LinkedInUnavailableError } from './errors';
import { errorBodyMessage, parseJsonBody, quoteBody, throwForUnexpectedStatus } from './http';

export type PostingSubmissionResult =
  | { accepted: true; taskUrns: string[] }
  | { accepted: false; httpStatus: number; message: string };

export const POSTINGS_PATH = '/v2/simpleJobPostings';
export const MAX_ELEMENTS_PER_POSTING_CALL = 100;

const OPERATION = 'Job posting submission';

/**
 * Whole-call refusals that concern the elements themselves (bad apply URL or company, no budget, contract not
 * authorised, closing a closed job): every element of the call is reported rejected rather than thrown.
 */
const WHOLE_CALL_REJECTION_STATUSES = new Set([400, 402, 403, 409]);

const ACCEPTED_ENTRY_STATUSES = new Set([201, 202]);

const answerEntrySchema = z.object({
  id: z.string().nullish(),
  status: z.number().int().nullish(),
  error: z
    .object({
      message: z.string().nullish(),
      status: z.number().int().nullish(),
    })
    .nullish(),
});
type AnswerEntry = z.infer<typeof answerEntrySchema>;

export const batchAnswerSchema = z.object({ elements: z.array(answerEntrySchema) });

export interface PostingSubmissionSettings {
  apiBaseUrl: string;
}

/** One result per element, same order. See LinkedInError.submittedBeforeFailure for a failure midway. */
export async function submitPostings(
  api: AuthorizedTransport,
  settings: PostingSubmissionSettings,
  now: () => number,
  elements: readonly JobPostingElement[],
): Promise<PostingSubmissionResult[]> {
  const results: PostingSubmissionResult[] = [];
  for (let start = 0; start < elements.length; start += MAX_ELEMENTS_PER_POSTING_CALL) {
    const callElements = elements.slice(start, start + MAX_ELEMENTS_PER_POSTING_CALL);
    try {
      results.push(...(await submitOneCall(api, settings.apiBaseUrl, now, callElements)));
    } catch (error) {
      if (error instanceof LinkedInError) error.submittedBeforeFailure = [...results];
      throw error;
    }
  }
  return results;
}

async function submitOneCall(
  api: AuthorizedTransport,
  apiBaseUrl: string,
  now: () => number,
  elements: readonly JobPostingElement[],
): Promise<PostingSubmissionResult[]> {
  const body = JSON.stringify({ elements });
  const response = await api.send(OPERATION, (authorization) => ({
    method: 'POST',
    url: `${apiBaseUrl.replace(/\/+$/, '')}${POSTINGS_PATH}`,
    headers: {
      authorization,
      accept: 'application/json',
      'content-type': 'application/json',
      'x-restli-method': 'batch_create',
    },
    body,
  }));

  if (response.status === 200 || response.status === 201) {
    const parsed = batchAnswerSchema.safeParse(parseJsonBody(OPERATION, response));
    if (!parsed.success) {
      throw new LinkedInUnavailableError(`${OPERATION}: malformed answer: ${z.prettifyError(parsed.error)}`, {
        httpStatus: response.status,
      });
    }
    return matchEntriesToElements(
      elements,
      parsed.data.elements,
      (detail) =>
        new LinkedInUnavailableError(
          `${OPERATION}: answer does not match the ${elements.length} submitted element(s) (${parsed.data.elements.length} entries): ${detail}`,
          { httpStatus: response.status },
        ),
    );
  }
  if (WHOLE_CALL_REJECTION_STATUSES.has(response.status)) {
    const message =
      errorBodyMessage(response) ?? `LinkedIn refused the call with HTTP ${response.status}: ${quoteBody(response.text)}`;
    return elements.map(() => ({ accepted: false, httpStatus: response.status, message }));
  }
  throwForUnexpectedStatus(OPERATION, response, now());
}

/**
 * LinkedIn answers in request order, and (the format this project settled on with the sandbox) an accepted element
 * takes one entry per location, primary first then each alternate location, while a rejected one takes exactly
 * one. Walking the entries with that rule maps them back; any disagreement means the answer cannot be trusted, and
 * `mismatch` makes the error the caller throws for it. Also used for answers a posting service received itself.
 */
export function matchEntriesToElements(
  elements: readonly JobPostingElement[],
  entries: readonly AnswerEntry[],
  mismatch: (detail: string) => Error,
): PostingSubmissionResult[] {
  const malformed = mismatch;

  const results: PostingSubmissionResult[] = [];
  let cursor = 0;
  elements.forEach((element, index) => {
    const first = entries[cursor];
    if (first === undefined) throw malformed(`no entry for element ${index}`);
    const rejection = asRejection(first);
    if (rejection !== null) {
      if (rejection.httpStatus === null) throw malformed(`element ${index}: rejection without an HTTP status`);
      results.push({ accepted: false, httpStatus: rejection.httpStatus, message: rejection.message });
      cursor += 1;
      return;
    }
    const locationCount = taskCountOf(element);
    const taskUrns: string[] = [];
    for (let offset = 0; offset < locationCount; offset++) {
      const entry = entries[cursor + offset];
      if (entry === undefined) throw malformed(`element ${index} has ${locationCount} location(s) but the entries ran out`);
      if (asRejection(entry) !== null) throw malformed(`element ${index}: rejection among its per-location entries`);
      if (!ACCEPTED_ENTRY_STATUSES.has(entry.status ?? -1) || !entry.id?.startsWith(TASK_URN_PREFIX)) {
        throw malformed(`element ${index}: entry ${cursor + offset} is neither a rejection nor an accepted task`);
      }
      taskUrns.push(entry.id);
    }
    results.push({ accepted: true, taskUrns });
    cursor += locationCount;
  });
  if (cursor !== entries.length) throw malformed(`${entries.length - cursor} entries left over`);
  return results;
}

/** One task per location: the primary (when given) then each alternate; a job with no location still gets one. */
function taskCountOf(element: JobPostingElement): number {
  const primary = element.location !== undefined && element.location !== null ? 1 : 0;
  return Math.max(1, primary + (element.alternateLocations?.length ?? 0));
}

function asRejection(entry: AnswerEntry): { httpStatus: number | null; message: string } | null {
  const httpStatus = entry.status ?? entry.error?.status ?? null;
  const hasError = entry.error !== undefined && entry.error !== null;
  if (!hasError && (httpStatus === null || httpStatus < 400)) return null;
  return {
    httpStatus,
    message: entry.error?.message ?? `LinkedIn rejected the element with HTTP ${httpStatus}`,
  };
}
