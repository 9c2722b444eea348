import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_ACTIONS,
  ERROR_TABLE,
  STATUS_ENDPOINT_ERRORS,
  classifyErrorMessage,
  normalizeMessage,
  type Classification,
  type ErrorRow,
} from '../activities/classification';
import { ROW_SIGNATURES } from '../activities/classification/row-signatures';
import { ERROR_CATEGORIES } from '../workflows/domain';

// A copy of LinkedIn's page kept in the repository, so the table is checked against the published text.
const REFERENCE_DIR = path.resolve(__dirname, '../docs/reference');
const STATUS_PAGE = path.join(REFERENCE_DIR, 'linkedin-check-job-task-status.md');

const DROP_PREFIX = 'Job {partner=urn:li:jobPostingPartner:68204513, partnerJobCode=goldc04-03-12030896745} was dropped: true';

function rowNumbered(row: number): ErrorRow {
  const found = ERROR_TABLE.find((entry) => entry.row === row);
  if (found === undefined) throw new Error(`no row ${row}`);
  return found;
}

/** What classifying a message of `row` must report, before any extracted values. */
function expectedFor(row: ErrorRow): Partial<Classification> {
  return {
    category: row.category,
    row: row.row,
    fields: row.fields,
    scope: row.scope,
    referenceCode: row.referenceCode,
    description: row.description,
    resolution: row.resolution,
    action: CATEGORY_ACTIONS[row.category],
  };
}

/** The page's table rows, cells with the page's markdown undone the way error-table.ts documents. */
function statusPageRows(): string[][] {
  const undoMarkdown = (cell: string): string => cell.replace(/\\([\\_[\]`*])/g, '$1').replace(/`/g, '').trim();
  return readFileSync(STATUS_PAGE, 'utf8')
    .split('\n')
    .filter((line) => /^\| (?:200|400|401) \|/.test(line))
    .map((line) => line.slice(1, -1).split(' | ').map(undoMarkdown));
}

describe('ERROR_TABLE', () => {
  it('has the 54 FAILED rows numbered 1..54 in order', () => {
    expect(ERROR_TABLE).toHaveLength(54);
    expect(ERROR_TABLE.map((row) => row.row)).toEqual(Array.from({ length: 54 }, (_, index) => index + 1));
  });

  it("carries LinkedIn's message, description and resolution exactly as the status page publishes them", () => {
    const failedRows = statusPageRows().filter(([http]) => http === '200');
    expect(failedRows).toHaveLength(54);
    failedRows.forEach(([, , message, description, resolution], index) => {
      expect(ERROR_TABLE[index]).toMatchObject({ template: message, description, resolution });
    });
  });

  it('keeps the forms the brief singles out verbatim', () => {
    expect(rowNumbered(2).template).toBe(
      'Job {} was dropped: true Invalid Field: /description; Drop Message: The description length should be at least 100 characters',
    );
    expect(rowNumbered(3).template).toContain('Operation type RENEW is not allowed for a non-existing job');
    expect(rowNumbered(1).template).toContain('LinkedIn job id: {job_id}, externalJobPostingId: {jobPostingId}');
    expect(rowNumbered(23).template).toContain('Click on \\u201CUpdate location\\u201D to select');
    expect(rowNumbered(28).template.endsWith('[MISSING_INDUSTRY_CODES]."')).toBe(true);
    expect(rowNumbered(31).template).toContain('{:duplicateJobPostingUrl,anchor,text#duplicate job}');
  });

  it('has the reference code of every row that shows one, and no other', () => {
    for (const row of ERROR_TABLE) {
      const shown = /\[([A-Z_]+)\]/.exec(row.template)?.[1] ?? null;
      expect(row.referenceCode, `row ${row.row}`).toBe(shown);
    }
    expect(ERROR_TABLE.filter((row) => row.referenceCode !== null).map((row) => row.row)).toEqual([
      6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 28, 29, 30,
    ]);
  });

  it('follows the category contract: scope only for budgets, the scopes and categories per row', () => {
    for (const row of ERROR_TABLE) {
      expect(ERROR_CATEGORIES).toContain(row.category);
      expect(row.scope !== null, `row ${row.row}`).toBe(row.category === 'BUDGET_EXHAUSTED');
    }
    expect(ERROR_TABLE.filter((row) => row.scope !== null).map((row) => [row.row, row.scope])).toEqual([
      [47, 'job'],
      [48, 'contract'],
      [49, 'account'],
      [50, 'job'],
      [51, 'job'],
      [52, 'job'],
      [53, 'job'],
    ]);
    const rowsOf = (category: string) => ERROR_TABLE.filter((row) => row.category === category).map((row) => row.row);
    expect(rowsOf('DUPLICATE')).toEqual([1, 31]);
    expect(rowsOf('JOB_NOT_FOUND')).toEqual([3, 4]);
    expect(rowsOf('TRANSIENT')).toEqual([41]);
    expect(rowsOf('CLOSED_BY_POSTER')).toEqual([45]);
    expect(rowsOf('BLOCKED')).toEqual([32, 33, 34, 35, 36, 37, 38]);
    expect(rowsOf('POLICY_REJECTED')).toEqual([39, 40, 42, 44, 54]);
    expect(rowsOf('UNKNOWN')).toEqual([]);
  });

  it('names the posting fields of error-categories.md', () => {
    const fieldsByRow = Object.fromEntries(ERROR_TABLE.map((row) => [row.row, row.fields]));
    expect(fieldsByRow).toMatchObject({
      2: ['description'],
      6: ['integrationContext'],
      7: ['companyApplyUrl'],
      9: ['location'],
      11: ['experienceLevel'],
      13: ['categories'],
      14: ['employmentStatus'],
      15: ['companyJobCode'],
      20: ['title'],
      27: ['categories'],
      28: ['industries'],
      29: ['partnerJobCampaignId'],
      30: ['companyApplyUrl'],
      38: ['location'],
      43: ['posterEmail'],
      46: ['partnerJobCampaignId'],
    });
    for (const row of ERROR_TABLE.filter((entry) => entry.category === 'INVALID_PAYLOAD')) {
      expect(row.fields.length, `row ${row.row}`).toBeGreaterThan(0);
    }
  });

  it('lists the HTTP-level answers of the status endpoint as published', () => {
    const published = statusPageRows()
      .filter(([http]) => http !== '200')
      .map(([http, , message, description, resolution]) => ({ httpStatus: Number(http), message, description, resolution }));
    expect(STATUS_ENDPOINT_ERRORS).toEqual(published);
    expect(STATUS_ENDPOINT_ERRORS.map((error) => error.message)).toEqual([
      'Batch key parameter value is invalid',
      'Invalid access token',
      'The token used in the request has expired',
    ]);
  });
});

describe('row signatures', () => {
  it('exist for every row and occur, in order, in the row template', () => {
    expect(Object.keys(ROW_SIGNATURES).map(Number)).toEqual(ERROR_TABLE.map((row) => row.row));
    for (const row of ERROR_TABLE) {
      const template = normalizeMessage(row.template);
      let from = 0;
      for (const phrase of ROW_SIGNATURES[row.row] ?? []) {
        const at = template.indexOf(phrase, from);
        expect(at, `row ${row.row}: "${phrase}"`).toBeGreaterThanOrEqual(0);
        from = at + phrase.length;
      }
    }
  });
});

describe('classifyErrorMessage on the templates', () => {
  it.each(ERROR_TABLE.map((row) => [row.row, row] as const))('recognises row %i', (_, row) => {
    expect(classifyErrorMessage(row.template)).toMatchObject({ ...expectedFor(row), message: row.template });
  });

  it.each(ERROR_TABLE.filter((row) => row.referenceCode !== null).map((row) => [row.row, row] as const))(
    'recognises row %i by its wording when the reference code is missing',
    (_, row) => {
      const withoutCode = row.template.replace(/\s*\[[A-Z_]+\]/, '');
      expect(classifyErrorMessage(withoutCode).row).toBe(row.row);
    },
  );

  // Shells, HTML renderers and log pipelines re-case, re-wrap and re-quote messages.
  const transportVariants: readonly [string, (template: string) => string][] = [
    ['upper case', (template) => template.toUpperCase()],
    ['lower case', (template) => template.toLowerCase()],
    ['re-wrapped', (template) => template.replace(/ /g, (_, at: number) => (at % 3 === 0 ? '\n' : at % 3 === 1 ? '  \t' : ' '))],
    ['surrounding whitespace', (template) => `\n   ${template}  \n`],
    [
      'typographic quotes',
      (template) => template.replace(/'/g, '\u2019').replace(/\\u201C/g, '\u201C').replace(/\\u201D/g, '\u201D'),
    ],
    ['ASCII quotes', (template) => template.replace(/\\u201C|\\u201D/g, '"')],
    ['markdown-escaped', (template) => template.replace(/_/g, '\\_').replace(/\[/g, '\\[').replace(/\]/g, '\\]')],
  ];
  for (const [variant, transform] of transportVariants) {
    it(`recognises every row with ${variant}`, () => {
      for (const row of ERROR_TABLE) {
        const message = transform(row.template);
        const classification = classifyErrorMessage(message);
        expect(classification.row, `row ${row.row}: ${message}`).toBe(row.row);
        expect(classification.message).toBe(message);
      }
    });
  }
});

interface FilledCase {
  row: number;
  message: string;
  extracted?: Partial<Classification>;
}

/** Messages as LinkedIn actually returns them: placeholders filled, prefixes, odd whitespace and quoting. */
const FILLED_MESSAGES: readonly FilledCase[] = [
  {
    row: 1,
    message:
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Trying to create a job with same partnerIdentifier already exists. It is duplicate creation request for a basic job or a non-draft premium job. Dropping the duplicate job posting creation request. LinkedIn job id: 3901234567, externalJobPostingId: job-89a07328-89cc-4471',
    extracted: { linkedInJobId: '3901234567', partnerJobCode: 'job-89a07328-89cc-4471', duplicateJobUrl: null },
  },
  {
    row: 2,
    message: `${DROP_PREFIX}\n\nInvalid Field: /description; \nDrop Message: The description length should be at least 100 characters`,
    extracted: { partnerJobCode: 'goldc04-03-12030896745', fields: ['description'] },
  },
  {
    row: 3,
    message:
      'job processing failed due to a client-side error. please check payload and integration setup. error details: operation type renew is not allowed for a non-existing job',
  },
  {
    row: 4,
    message:
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Operation type UPDATE is not allowed for a non-existing job of partner urn urn:li:jobPostingPartner:68204513, partner job code (req-2024-0042)',
    extracted: { partnerJobCode: 'req-2024-0042' },
  },
  { row: 5, message: 'The description length should be at least 100 characters.' },
  {
    row: 6,
    message: 'This job is blocked as its company is marked invalid.\nFailure reason reference code: [JOB_FIELD_PROCESSOR_COMPANY].',
  },
  {
    row: 7,
    message: 'This job is blocked as its companyApplyUrl is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_COMPANY_APPLY_URL]',
  },
  { row: 8, message: 'Failure reason reference code: [JOB_FIELD_PROCESSOR_COMPANY_NAME].' },
  { row: 9, message: 'This job is blocked as its countryCode is marked invalid.  Failure reason reference code:  [JOB_FIELD_PROCESSOR_COUNTRY_CODE].' },
  { row: 10, message: 'THIS JOB IS BLOCKED AS ITS DESCRIPTION IS MARKED INVALID. FAILURE REASON REFERENCE CODE: [JOB_FIELD_PROCESSOR_DESCRIPTION].' },
  { row: 11, message: 'This job is blocked as its experience is marked invalid. Failure reason reference code: [ JOB_FIELD_PROCESSOR_EXPERIENCE ].' },
  { row: 12, message: 'This job is blocked as its geoLocation is marked invalid. Failure reason reference code: [job_field_processor_geo_location].' },
  { row: 13, message: 'This job is blocked as its jobCategory is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_JOB_CATEGORY].' },
  { row: 14, message: 'This job is blocked as its jobType is marked invalid. Failure reason reference code: \\[JOB\\_FIELD\\_PROCESSOR\\_JOB\\_TYPE\\].' },
  { row: 15, message: 'This job is blocked as its jobCode is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_ORIGINAL_JOB_CODE].' },
  { row: 16, message: 'This job is blocked as its sourceDomain is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_SOURCE_DOMAIN].' },
  { row: 17, message: 'This job is blocked as its sourceJobCode is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_SOURCE_JOB_CODE].' },
  { row: 18, message: 'This job is blocked as its sourceUrl is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_SOURCE_URL].' },
  {
    row: 19,
    message: 'This job is blocked as its standardizedLocation is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_STANDARDIZED_LOCATION].',
  },
  { row: 20, message: `${DROP_PREFIX}\n\nDrop Message: This job is blocked as its title is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_TITLE].` },
  { row: 21, message: 'We could not standardize your job\u2019s location. Please update the location in your ATS or careers site to post.' },
  { row: 22, message: 'This job has an invalid location.\r\nPlease update the location in your ATS or careers site to post.' },
  {
    row: 23,
    message:
      'This job location cannot be standardized. Please refer to https://www.linkedin.com/help/linkedin/answer/a1342420 for valid locations and workplace types for job posts. Click on \u201CUpdate location\u201D to select the job location, or update the location on the ATS to post.',
  },
  {
    row: 23,
    message:
      'This job location cannot be standardized. Please refer to LinkedIn Help for valid locations and workplace types for job posts. Click on "Update location" to select the job location, or update the location on the ATS to post.',
  },
  {
    row: 24,
    message: "This job is missing location data. Click on 'Update location' to select the job location, or update the location on the ATS to post.",
  },
  { row: 25, message: 'This job has an invalid Job URL. Please update the Job URL in your ATS or careers site to post.' },
  { row: 26, message: 'This job post has an invalid job description. Please ensure a job description is present and between 100 - 25,000 characters.' },
  { row: 27, message: 'This job post has an too many associated job functions. Please update the job functions listed in your ATS or careers site.' },
  {
    row: 28,
    message:
      'This job post is missing industry codes. Please update the industry codes in your ATS or careers site to post. If the issue persists, please contact <a href="https://www.linkedin.com/help/linkedin/ask/TS-RJP">Customer Support</a> with this error code: [MISSING_INDUSTRY_CODES].',
  },
  {
    row: 29,
    message:
      'This job was blocked from ingestion due to missing job campaign. Please update your job payload to include a valid job campaign. If the issue persists, please contact Customer Support with this error code: [MISSING_JOB_CAMPAIGN].',
  },
  {
    row: 30,
    message:
      'This job was blocked from ingestion due to missing source data. Please update your ingestion source as needed. If the issue persists, please contact Customer Support with this error code: [MISSING_SOURCE_DOMAIN].',
  },
  {
    row: 31,
    message: 'This job could not be published because there is a https://www.linkedin.com/jobs/view/3987654321/ posted on LinkedIn.',
    extracted: { duplicateJobUrl: 'https://www.linkedin.com/jobs/view/3987654321/', linkedInJobId: '3987654321' },
  },
  {
    row: 31,
    message: 'This job could not be published because there is a duplicate job posted on LinkedIn.',
    extracted: { duplicateJobUrl: null, linkedInJobId: null },
  },
  {
    row: 31,
    message:
      'This job could not be published because there is a <a href="https://www.linkedin.com/jobs/view/senior-engineer-at-acme-3987654321?refId=x">duplicate job</a> posted on LinkedIn.',
    extracted: {
      duplicateJobUrl: 'https://www.linkedin.com/jobs/view/senior-engineer-at-acme-3987654321?refId=x',
      linkedInJobId: '3987654321',
    },
  },
  {
    row: 31,
    message: 'This job could not be published because there is a [duplicate job](https://www.linkedin.com/jobs/view/3987654321) posted on LinkedIn.',
    extracted: { duplicateJobUrl: 'https://www.linkedin.com/jobs/view/3987654321', linkedInJobId: '3987654321' },
  },
  { row: 32, message: 'This job is missing a connection to a LinkedIn company page' },
  { row: 33, message: '  The company page this job is linked to has blocked the posting.  ' },
  { row: 34, message: 'This job was not posted on LinkedIn due to employer not opted in.' },
  { row: 35, message: 'This job was not posted on LinkedIn due to job source not opted in.' },
  { row: 36, message: 'This job was not posted on LinkedIn due to the a global block on job exports.' },
  { row: 37, message: 'This job was not posted on LinkedIn since it was deliberately marked as ignored by a field processor.' },
  { row: 38, message: 'This job was not posted on LinkedIn since its countryCode was not in the country/region allowlist.' },
  {
    row: 39,
    message: 'This job was flagged by the jobs trust team as a low quality job.\nIt was closed and will not be ingested again in the future.',
  },
  { row: 40, message: 'This job was determined to be spam.' },
  {
    row: 41,
    message: `${DROP_PREFIX}\n\nDrop Message: This job was dropped because of an unexpected error that occurred during job ingestion. This is meant to be a catch-all error.`,
    extracted: { partnerJobCode: 'goldc04-03-12030896745' },
  },
  { row: 42, message: 'This job was dropped due to validation error' },
  { row: 43, message: 'This job was dropped due to poster specifically asking to not publish the job.' },
  { row: 44, message: 'This job was manually taken down.' },
  { row: 45, message: 'This job was closed by original poster.' },
  { row: 46, message: 'This job has an invalid job campaign.' },
  { row: 47, message: 'This job\u2019s budget has run out.' },
  { row: 48, message: 'There is no job budget available for this job.' },
  { row: 49, message: 'The account level budget has run out.' },
  { row: 50, message: "This job's affordable offer has reached its end." },
  { row: 51, message: "This job's duration limit has been reached." },
  { row: 52, message: 'This job\u2019s free trial budget has ran out.' },
  { row: 53, message: 'A post payment failure is detected for this job.' },
  { row: 54, message: 'This job is suspended due to trust related restrictions.' },
];

describe('classifyErrorMessage on real, filled-in messages', () => {
  it('covers every row', () => {
    expect(new Set(FILLED_MESSAGES.map((entry) => entry.row)).size).toBe(54);
  });

  it.each(FILLED_MESSAGES.map((entry) => [entry.row, entry.message, entry] as const))('row %i: %j', (_, message, entry) => {
    const row = rowNumbered(entry.row);
    expect(classifyErrorMessage(message)).toMatchObject({ ...expectedFor(row), message, ...entry.extracted });
  });
});

describe('invalid fields', () => {
  it("reports LinkedIn's sample drop report as a location problem", () => {
    const message = `${DROP_PREFIX}\n\nInvalid Field: /city; \nInvalid Field: /postalCode; \nInvalid Field: /state; \nInvalid Field: /geoLocation; `;
    expect(classifyErrorMessage(message)).toEqual({
      category: 'INVALID_PAYLOAD',
      row: null,
      fields: ['location'],
      scope: null,
      referenceCode: null,
      description: null,
      resolution: null,
      action: CATEGORY_ACTIONS.INVALID_PAYLOAD,
      linkedInJobId: null,
      duplicateJobUrl: null,
      partnerJobCode: 'goldc04-03-12030896745',
      message,
    });
  });

  it('reports every field LinkedIn lists, mapped to the posting field, in order and without repeats', () => {
    const message = `${DROP_PREFIX}\n\nInvalid Field: /title;\nInvalid Field: /city; Invalid Field: /companyApplyUrl;\nInvalid Field: /postalCode;\nInvalid Field: /jobFunctions/0;\nInvalid Field: /customThing; `;
    expect(classifyErrorMessage(message)).toMatchObject({
      category: 'INVALID_PAYLOAD',
      row: null,
      fields: ['title', 'location', 'companyApplyUrl', 'categories', 'customThing'],
    });
  });

  it('adds the listed fields to those of the row the drop message names', () => {
    const description = `${DROP_PREFIX}\n\nInvalid Field: /description; \nInvalid Field: /title; \nDrop Message: The description length should be at least 100 characters`;
    expect(classifyErrorMessage(description)).toMatchObject({ row: 2, fields: ['description', 'title'] });

    const jobUrl = `${DROP_PREFIX}\n\nInvalid Field: /companyApplyUrl; \nDrop Message: This job has an invalid Job URL. Please update the Job URL in your ATS or careers site to post.`;
    expect(classifyErrorMessage(jobUrl)).toMatchObject({ row: 25, category: 'INVALID_PAYLOAD', fields: ['companyApplyUrl'] });
  });

  it('reads the JSON-escaped form of a drop report', () => {
    const message = `${DROP_PREFIX}\\n\\nInvalid Field: /state; \\nInvalid Field: /description; `;
    expect(classifyErrorMessage(message)).toMatchObject({ category: 'INVALID_PAYLOAD', fields: ['location', 'description'] });
  });
});

describe('reference codes', () => {
  it('decide the row over the wording', () => {
    const message = 'This job is blocked as its title is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_COMPANY_NAME].';
    expect(classifyErrorMessage(message)).toMatchObject({ row: 8, fields: ['companyName'], referenceCode: 'JOB_FIELD_PROCESSOR_COMPANY_NAME' });
  });

  it('decide even when the wording belongs to another category', () => {
    const message = 'This job was determine to be spam. [MISSING_JOB_CAMPAIGN]';
    expect(classifyErrorMessage(message)).toMatchObject({ row: 29, category: 'INVALID_PAYLOAD', fields: ['partnerJobCampaignId'] });
  });

  it('that LinkedIn has not documented leave the wording to decide and are still reported', () => {
    expect(classifyErrorMessage('This job was manually taken down. [JOB_FIELD_PROCESSOR_SALARY]')).toMatchObject({
      row: 44,
      category: 'POLICY_REJECTED',
      referenceCode: 'JOB_FIELD_PROCESSOR_SALARY',
    });
    expect(classifyErrorMessage('This job is blocked as its salary is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_SALARY].')).toMatchObject({
      row: null,
      category: 'UNKNOWN',
      referenceCode: 'JOB_FIELD_PROCESSOR_SALARY',
    });
  });
});

describe('extracted values', () => {
  it('leave placeholders LinkedIn did not fill as null', () => {
    expect(classifyErrorMessage(rowNumbered(1).template)).toMatchObject({ linkedInJobId: null, partnerJobCode: null });
    expect(classifyErrorMessage(rowNumbered(4).template)).toMatchObject({ partnerJobCode: null });
    expect(classifyErrorMessage(rowNumbered(31).template)).toMatchObject({ duplicateJobUrl: null, linkedInJobId: null });
  });

  it('take the partner job code from every shape LinkedIn uses', () => {
    expect(classifyErrorMessage(`${DROP_PREFIX} Drop Message: This job was manually taken down.`).partnerJobCode).toBe('goldc04-03-12030896745');
    expect(classifyErrorMessage('Operation type UPDATE is not allowed for a non-existing job of partner urn urn:li:jobPostingPartner:1, partner job code ( `abc-1`)').partnerJobCode).toBe('abc-1');
    expect(classifyErrorMessage('Operation type UPDATE is not allowed for a non-existing job of partner urn urn:li:jobPostingPartner:1, partner job code ( abc-1)')).toMatchObject({
      row: 4,
      category: 'JOB_NOT_FOUND',
      partnerJobCode: 'abc-1',
    });
  });

  it('report duplicate details only for duplicates', () => {
    const message = 'This job location cannot be standardized. Please refer to https://www.linkedin.com/jobs/view/123 for valid locations.';
    expect(classifyErrorMessage(message)).toMatchObject({ row: 23, duplicateJobUrl: null, linkedInJobId: null });
  });
});

describe('messages that match no row', () => {
  it.each([
    ['an unknown message', 'Something entirely new went wrong on LinkedIn\u2019s side.'],
    ['an empty message', ''],
    ['a blank message', '  \n\t '],
    ['a drop report without fields or a known drop message', `${DROP_PREFIX}\n\nDrop Message: A brand new reason.`],
    ['a status endpoint error', 'Invalid access token'],
  ])('classify %s as UNKNOWN and keep it verbatim', (_, message) => {
    expect(classifyErrorMessage(message)).toMatchObject({
      category: 'UNKNOWN',
      row: null,
      fields: [],
      scope: null,
      description: null,
      resolution: null,
      action: CATEGORY_ACTIONS.UNKNOWN,
      message,
    });
  });

  it('a drop report with invalid fields and an unknown drop message is still an invalid payload', () => {
    const message = `${DROP_PREFIX}\nInvalid Field: /workplaceTypes;\nDrop Message: A brand new reason.`;
    expect(classifyErrorMessage(message)).toMatchObject({ category: 'INVALID_PAYLOAD', row: null, fields: ['workplaceTypes'] });
  });
});

describe('normalizeMessage', () => {
  it('lower-cases, collapses whitespace and drops quotes of every style and markdown escapes', () => {
    expect(normalizeMessage('  Click on \\u201CUpdate\n\tLocation\u201D  or \u2018this\u2019 `RENEW` job\\_id \\[X\\] ')).toBe(
      'click on update location or this renew job_id [x]',
    );
  });
});
