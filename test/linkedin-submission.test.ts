import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LinkedInAuthenticationError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from '../activities/linkedin/errors';
import type { JobPostingElement } from '../workflows/domain';
import {
  FakeLinkedIn,
  POSTINGS_PATH,
  rejectionOf,
  taskUrn,
  type FakeReply,
  type RecordedRequest,
} from './linkedin-test-support';

function posting(n: number, overrides: Partial<JobPostingElement> = {}): JobPostingElement {
  return {
    externalJobPostingId: `job-${n}`,
    jobPostingOperationType: 'CREATE',
    title: `Engineer ${n}`,
    description: 'x'.repeat(120),
    companyApplyUrl: `https://careers.example.com/jobs/${n}`,
    listedAt: 1_735_689_600_000,
    location: 'Paris, France',
    ...overrides,
  };
}

function submittedElements(request: RecordedRequest): JobPostingElement[] {
  return (JSON.parse(request.body) as { elements: JobPostingElement[] }).elements;
}

/**
 * The answer format agreed with the sandbox: one accepted entry per location of an accepted element, one error
 * entry for a rejected one. Elements whose title starts with "bad" are rejected with a 422.
 */
let taskSerial = 0;
function taskLocations(element: JobPostingElement): (string | undefined)[] {
  const locations = [...(element.location === undefined ? [] : [element.location]), ...(element.alternateLocations ?? [])];
  return locations.length > 0 ? locations : [undefined];
}

type AnswerEntry = { id: string; status: number } | { error: { message: string; status: number }; status: number };

function batchAnswer(request: RecordedRequest): FakeReply {
  const entries = submittedElements(request).flatMap((element): AnswerEntry[] =>
    element.title?.startsWith('bad')
      ? [{ error: { message: 'ERROR :: /title :: field is invalid', status: 422 }, status: 422 }]
      : taskLocations(element).map(() => ({ id: taskUrn(++taskSerial), status: 202 })),
  );
  return { status: 200, body: { elements: entries } };
}

describe('LinkedIn client: job posting submissions', () => {
  let linkedIn: FakeLinkedIn;

  beforeEach(() => {
    taskSerial = 0;
    linkedIn = new FakeLinkedIn();
    linkedIn.apiHandler = batchAnswer;
  });
  afterEach(async () => {
    await linkedIn.close();
  });

  it('POSTs a batch_create call with the elements as JSON', async () => {
    const elements = [posting(1), posting(2, { jobPostingOperationType: 'CLOSE', customField: 'kept' })];
    const results = await linkedIn.client().submitPostings(elements);

    expect(linkedIn.apiRequests).toHaveLength(1);
    const [request] = linkedIn.apiRequests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(POSTINGS_PATH);
    expect(request?.headers['x-restli-method']).toBe('batch_create');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer token-1');
    expect(JSON.parse(request!.body)).toEqual({ elements });
    expect(results).toEqual([
      { accepted: true, taskUrns: [taskUrn(1)] },
      { accepted: true, taskUrns: [taskUrn(2)] },
    ]);
  });

  it('makes no call for an empty submission', async () => {
    await expect(linkedIn.client().submitPostings([])).resolves.toEqual([]);
    expect(linkedIn.apiRequests).toHaveLength(0);
    expect(linkedIn.tokenRequests).toHaveLength(0);
  });

  it('splits more than 100 elements into consecutive calls of 100 and keeps the input order', async () => {
    const elements = Array.from({ length: 250 }, (_, i) => posting(i));
    const results = await linkedIn.client().submitPostings(elements);

    expect(linkedIn.apiRequests.map((request) => submittedElements(request).length)).toEqual([100, 100, 50]);
    expect(linkedIn.apiRequests.flatMap(submittedElements).map((element) => element.externalJobPostingId)).toEqual(
      elements.map((element) => element.externalJobPostingId),
    );
    expect(results).toHaveLength(250);
    expect(results).toEqual(elements.map((_, i) => ({ accepted: true, taskUrns: [taskUrn(i + 1)] })));
    expect(linkedIn.tokenRequests).toHaveLength(1);
  });

  it('maps one task URN per location back to multi-location elements, next to per-element 422s', async () => {
    const elements: JobPostingElement[] = [
      posting(1, { location: 'Paris, France', alternateLocations: ['Lyon, France', 'Lille, France'] }),
      posting(2, { title: 'bad title' }),
      posting(3),
      posting(4, { title: 'bad again', alternateLocations: ['Nantes, France'] }),
      posting(5, { alternateLocations: ['Berlin, Germany'] }),
      { externalJobPostingId: 'job-6', jobPostingOperationType: 'CLOSE', alternateLocations: ['Rome, Italy', 'Milan, Italy'] },
      { externalJobPostingId: 'job-7', jobPostingOperationType: 'CLOSE' },
    ];
    const results = await linkedIn.client().submitPostings(elements);

    expect(results).toEqual([
      { accepted: true, taskUrns: [taskUrn(1), taskUrn(2), taskUrn(3)] },
      { accepted: false, httpStatus: 422, message: 'ERROR :: /title :: field is invalid' },
      { accepted: true, taskUrns: [taskUrn(4)] },
      { accepted: false, httpStatus: 422, message: 'ERROR :: /title :: field is invalid' },
      { accepted: true, taskUrns: [taskUrn(5), taskUrn(6)] },
      { accepted: true, taskUrns: [taskUrn(7), taskUrn(8)] },
      { accepted: true, taskUrns: [taskUrn(9)] },
    ]);
  });

  it('accepts 201 as well as 202 for a created task', async () => {
    linkedIn.apiHandler = () => ({ status: 200, body: { elements: [{ id: taskUrn(9), status: 201 }] } });
    await expect(linkedIn.client().submitPostings([posting(1)])).resolves.toEqual([
      { accepted: true, taskUrns: [taskUrn(9)] },
    ]);
  });

  it.each([
    ['too few entries for the locations', [{ id: taskUrn(1), status: 202 }]],
    [
      'entries left over',
      [
        { id: taskUrn(1), status: 202 },
        { id: taskUrn(2), status: 202 },
        { id: taskUrn(3), status: 202 },
      ],
    ],
    [
      'a rejection inside a location group',
      [{ id: taskUrn(1), status: 202 }, { error: { message: 'nope', status: 422 }, status: 422 }],
    ],
    [
      'an accepted entry without a task URN',
      [
        { status: 202, id: null },
        { id: taskUrn(2), status: 202 },
      ],
    ],
  ])('treats an answer with %s as malformed', async (_label, entries) => {
    linkedIn.apiHandler = () => ({ status: 200, body: { elements: entries } });
    const error = await rejectionOf(
      linkedIn.client().submitPostings([posting(1, { alternateLocations: ['Lyon, France'] })]),
    );
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect(linkedIn.apiRequests).toHaveLength(1);
  });

  it('treats an unparseable answer as malformed', async () => {
    linkedIn.apiHandler = () => ({ status: 200, body: '{"elements": [{"id": "urn:li:simpleJob' });
    const error = await rejectionOf(linkedIn.client().submitPostings([posting(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
  });

  it.each([
    [400, 'Invalid companyApplyUrl'],
    [402, 'Job slots are not available for this contract'],
    [403, 'Not enough permissions to access: simpleJobPostings.BATCH_CREATE'],
    [409, 'Cannot close job which is already closed or does not exist'],
  ])('applies a whole-call %i to every element of that call only', async (status, message) => {
    linkedIn.apiHandler = (request) =>
      submittedElements(request)[0]?.externalJobPostingId === 'job-100'
        ? { status, body: { message, status, serviceErrorCode: 100 } }
        : batchAnswer(request);
    const elements = Array.from({ length: 150 }, (_, i) => posting(i));

    const results = await linkedIn.client().submitPostings(elements);

    expect(results).toHaveLength(150);
    expect(results.slice(0, 100).every((result) => result.accepted)).toBe(true);
    expect(results.slice(100)).toEqual(Array.from({ length: 50 }, () => ({ accepted: false, httpStatus: status, message })));
  });

  it('renews the token once after a 401 and resubmits the call', async () => {
    linkedIn.apiHandler = (request) =>
      request.headers.authorization === 'Bearer token-1'
        ? { status: 401, body: { status: 401, message: 'The token used in the request has expired' } }
        : batchAnswer(request);
    const results = await linkedIn.client().submitPostings([posting(1)]);
    expect(results).toEqual([{ accepted: true, taskUrns: [taskUrn(1)] }]);
    expect(linkedIn.apiRequests).toHaveLength(2);
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('fails with LinkedInAuthenticationError when the 401 persists after one renewal', async () => {
    linkedIn.apiHandler = () => ({ status: 401, body: { status: 401, message: 'Invalid access token' } });
    const error = await rejectionOf(linkedIn.client().submitPostings([posting(1)]));
    expect(error).toBeInstanceOf(LinkedInAuthenticationError);
    expect(linkedIn.apiRequests).toHaveLength(2);
  });

  it('reports 429 as LinkedInThrottledError without resubmitting', async () => {
    linkedIn.apiHandler = () => ({ status: 429, body: {}, headers: { 'retry-after': '60' } });
    const error = await rejectionOf(linkedIn.client().submitPostings([posting(1)]));
    expect(error).toBeInstanceOf(LinkedInThrottledError);
    expect((error as LinkedInThrottledError).retryAfterMs).toBe(60_000);
    expect(linkedIn.apiRequests).toHaveLength(1);
  });

  it('reports a 5xx as LinkedInUnavailableError without resubmitting', async () => {
    linkedIn.apiHandler = () => ({ status: 502, body: '<html>Bad Gateway</html>' });
    const error = await rejectionOf(linkedIn.client().submitPostings([posting(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).httpStatus).toBe(502);
    expect(linkedIn.apiRequests).toHaveLength(1);
  });

  it('stops at a failed call and exposes the results of the calls LinkedIn already answered', async () => {
    linkedIn.apiHandler = (request) =>
      submittedElements(request)[0]?.externalJobPostingId === 'job-100'
        ? { status: 503, body: { message: 'Service Unavailable', status: 503 } }
        : batchAnswer(request);
    const elements = Array.from({ length: 250 }, (_, i) => posting(i));

    const error = await rejectionOf(linkedIn.client().submitPostings(elements));

    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).submittedBeforeFailure).toEqual(
      Array.from({ length: 100 }, (_, i) => ({ accepted: true, taskUrns: [taskUrn(i + 1)] })),
    );
    expect(linkedIn.apiRequests).toHaveLength(2);
  });
});
