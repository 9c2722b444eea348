/**
 * Values LinkedIn fills into its messages. All work on the verbatim message (case and punctuation
 * intact) and return null for a placeholder LinkedIn left unfilled, such as `{job_id}`.
 */

/** LinkedIn's drop report: `Job {partner=urn:li:jobPostingPartner:1, partnerJobCode=abc} was dropped: true`. */
const DROP_REPORT = /\bwas\s+dropped\s*:\s*true\b/i;
const INVALID_FIELD = /invalid\s+field\s*:\s*(\/[^;\s\\]*)/gi;
const BRACKETED_REFERENCE_CODE = /\\?\[\s*([A-Za-z][A-Za-z0-9\\_]*_[A-Za-z0-9\\_]*)\s*\\?\]/;
const LINKEDIN_JOB_ID = /linkedin\s+job\s+id\s*:\s*(\d+)/i;
const JOB_POSTING_URN = /urn:li:jobPosting:(\d+)/i;
const JOB_VIEW_URL = /\/jobs\/view\/(?:[^/?#\s]*-)?(\d+)/i;
const URL = /https?:\/\/[^\s"'<>\]\\\u201C\u201D]+/i;
const URL_TRAILING_PUNCTUATION = /[.,;:!?)}]+$/;

/**
 * The partner's own code for the job, which LinkedIn echoes in three shapes:
 * `partnerJobCode=abc-1`, `partner job code (abc-1)` and `externalJobPostingId: abc-1`.
 */
const PARTNER_JOB_CODE_SHAPES: readonly RegExp[] = [
  /partnerJobCode\s*=\s*([^,}\s]+)/i,
  /partner\s+job\s+code\s*\(\s*`?([^)`\s]+)`?\s*\)/i,
  /externalJobPostingId\s*:\s*([^\s,;]+)/i,
];
/** What the page prints where a value belongs; seeing it means LinkedIn left the value out. */
const UNFILLED_PLACEHOLDER = /^(?:\{.*\}|externalJobPostingId)$/i;

export function isDropReport(message: string): boolean {
  return DROP_REPORT.test(message);
}

/** Every `Invalid Field: /path;` LinkedIn lists, in order. */
export function invalidFieldPaths(message: string): string[] {
  return Array.from(message.matchAll(INVALID_FIELD), (match) => match[1] ?? '').filter((path) => path.length > 1);
}

/** `[JOB_FIELD_PROCESSOR_TITLE]` -> `JOB_FIELD_PROCESSOR_TITLE`, also when markdown-escaped. */
export function bracketedReferenceCode(message: string): string | null {
  const code = BRACKETED_REFERENCE_CODE.exec(message)?.[1];
  return code === undefined ? null : code.replace(/\\/g, '').toUpperCase();
}

export function partnerJobCode(message: string): string | null {
  for (const shape of PARTNER_JOB_CODE_SHAPES) {
    const value = shape.exec(message)?.[1];
    if (value !== undefined && !UNFILLED_PLACEHOLDER.test(value)) return value;
  }
  return null;
}

export function firstUrl(message: string): string | null {
  const url = URL.exec(message)?.[0];
  return url === undefined ? null : url.replace(URL_TRAILING_PUNCTUATION, '');
}

/** The LinkedIn id of an existing job: stated outright, as a job posting URN, or inside a job URL. */
export function linkedInJobId(message: string): string | null {
  for (const shape of [LINKEDIN_JOB_ID, JOB_POSTING_URN]) {
    const id = shape.exec(message)?.[1];
    if (id !== undefined) return id;
  }
  const url = firstUrl(message);
  return url === null ? null : (JOB_VIEW_URL.exec(url)?.[1] ?? null);
}
