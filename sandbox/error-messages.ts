/**
 * Turns a row of LinkedIn's error table into the message a real task carries: ids filled in, anchors rendered,
 * escaped quotes turned into real ones, and row 2's "Job {} was dropped" restored to its multi-line wire form.
 * The table itself belongs to the classifier (activities/classification/error-table.ts); the sandbox only reads
 * it, so both always speak about the same 54 rows.
 */
import { ERROR_TABLE, type ErrorRow } from '../activities/classification/error-table';

export interface MessageContext {
  externalJobPostingId: string;
  /** LinkedIn's partner id, as in urn:li:jobPostingPartner:<partnerId>. */
  partnerId: string;
  /** Numeric LinkedIn job id the message names: the live job of row 1, the duplicate of row 31. */
  jobId?: string;
  /**
   * How the duplicate-job anchor of row 31 is rendered. LinkedIn sends either the job's URL or the anchor text;
   * the default is the URL because it carries the duplicate's id.
   */
  duplicateLink?: 'url' | 'text';
}

const ANCHOR = /\{:(\w+),anchor,text#([^}]*)\}/g;
const UNICODE_ESCAPE = /\\u([0-9A-Fa-f]{4})/g;
const DROPPED_PREFIX = 'Job {} was dropped: true';

export function jobViewUrl(jobId: string): string {
  return `https://www.linkedin.com/jobs/view/${jobId}`;
}

export function errorRow(row: number): ErrorRow {
  const found = ERROR_TABLE.find((candidate) => candidate.row === row);
  if (!found) throw new RangeError(`error table has no row ${row}`);
  return found;
}

/** True when the row's message names a LinkedIn job id (so a context for it needs `jobId`). */
export function rowNamesJob(row: number): boolean {
  return templateNamesJob(errorRow(row).template);
}

function templateNamesJob(template: string): boolean {
  return template.includes('{job_id}') || template.includes('{:duplicateJobPostingUrl,');
}

/** The message of error-table row `row` as LinkedIn would send it for this job. */
export function fillErrorRow(row: number, context: MessageContext): string {
  return fillTemplate(errorRow(row).template, context);
}

export function fillTemplate(template: string, context: MessageContext): string {
  const jobId = context.jobId;
  if (jobId === undefined && templateNamesJob(template)) throw new Error('this message names a LinkedIn job id: give jobId');
  const filled = template
    // Replacer functions, not strings: ids may contain `$&`-like sequences that String.replace would expand.
    .replaceAll('{job_id}', () => jobId ?? '')
    .replaceAll('{jobPostingId}', () => context.externalJobPostingId)
    .replaceAll('{partner_id}', () => context.partnerId)
    // Row 4 names the partner job code by its field name where the real message has the value.
    .replace(/\(\s*externalJobPostingId\s*\)/, () => `(${context.externalJobPostingId})`)
    .replace(ANCHOR, (_anchor, name: string, text: string) =>
      name === 'duplicateJobPostingUrl' && (context.duplicateLink ?? 'url') === 'url' ? jobViewUrl(jobId ?? '') : text,
    )
    .replace(UNICODE_ESCAPE, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return filled.startsWith(DROPPED_PREFIX) ? restoreDroppedJobForm(filled, context) : filled;
}

/**
 * The published table flattens this message onto one line with an empty `Job {}`; on the wire it names the
 * partner and job code and puts each "Invalid Field" and the "Drop Message" on lines of their own.
 */
function restoreDroppedJobForm(message: string, context: MessageContext): string {
  const header = `Job {partner=urn:li:jobPostingPartner:${context.partnerId}, partnerJobCode=${context.externalJobPostingId}} was dropped: true`;
  const details = message
    .slice(DROPPED_PREFIX.length)
    .trim()
    .replace(/;\s*(?=Invalid Field:|Drop Message:)/g, '; \n');
  return `${header}\n\n${details}`;
}
