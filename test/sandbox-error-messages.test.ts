import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../activities/classification/error-table';
import { fillErrorRow, rowNamesJob } from '../sandbox/error-messages';

const context = { externalJobPostingId: 'ext-42', partnerId: '68204513', jobId: '3900000007' };

describe('sandbox error messages', () => {
  it('renders row 2 in its multi-line wire form with partner and job code', () => {
    expect(fillErrorRow(2, context)).toBe(
      'Job {partner=urn:li:jobPostingPartner:68204513, partnerJobCode=ext-42} was dropped: true\n\n' +
        'Invalid Field: /description; \nDrop Message: The description length should be at least 100 characters',
    );
  });

  it('fills the live job id and external id of the duplicate CREATE row', () => {
    const message = fillErrorRow(1, context);
    expect(message).toContain('LinkedIn job id: 3900000007, externalJobPostingId: ext-42');
    expect(message).not.toContain('{');
  });

  it('names the partner and the partner job code of an UPDATE of a missing job', () => {
    expect(fillErrorRow(4, context)).toContain('partner urn urn:li:jobPostingPartner:68204513, partner job code (ext-42)');
  });

  it('renders the duplicate link as the job URL by default and as anchor text on request', () => {
    expect(fillErrorRow(31, context)).toBe(
      'This job could not be published because there is a https://www.linkedin.com/jobs/view/3900000007 posted on LinkedIn.',
    );
    expect(fillErrorRow(31, { ...context, duplicateLink: 'text' })).toBe(
      'This job could not be published because there is a duplicate job posted on LinkedIn.',
    );
  });

  it('renders anchors as their text and escaped quotes as real quotes', () => {
    const message = fillErrorRow(23, context);
    expect(message).toContain('Please refer to LinkedIn Help for valid locations');
    expect(message).toContain('Click on \u201CUpdate location\u201D to select');
    expect(fillErrorRow(28, context)).toContain('please contact Customer Support with this error code: [MISSING_INDUSTRY_CODES]');
  });

  it('leaves no placeholder in any of the 54 rows', () => {
    expect(ERROR_TABLE).toHaveLength(54);
    for (const { row } of ERROR_TABLE) {
      const message = fillErrorRow(row, context);
      expect(message, `row ${row}`).not.toMatch(/\{(?:job_id|jobPostingId|partner_id|:\w+,anchor)|Job \{\}|\\u[0-9A-Fa-f]{4}/);
    }
  });

  it('refuses to fill a row that names a job without a job id', () => {
    expect(rowNamesJob(1)).toBe(true);
    expect(rowNamesJob(41)).toBe(false);
    expect(() => fillErrorRow(1, { externalJobPostingId: 'ext-42', partnerId: '1' })).toThrow(/jobId/);
    expect(fillErrorRow(41, { externalJobPostingId: 'ext-42', partnerId: '1' })).toMatch(/catch-all error/);
  });
});
