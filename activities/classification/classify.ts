/**
 * Classifies the errorMessage of a FAILED (or PROCESSED-with-errors) task against LinkedIn's error
 * table. Pure and deterministic: it runs inside an activity but must give the same answer on every retry.
 */
import type { BudgetScope, ErrorCategory } from '../../workflows/domain';
import { CATEGORY_ACTIONS } from './category-actions';
import { ERROR_TABLE, type ErrorRow } from './error-table';
import {
  bracketedReferenceCode,
  firstUrl,
  invalidFieldPaths,
  isDropReport,
  linkedInJobId,
  partnerJobCode,
} from './extract';
import { postingFieldForPath } from './field-paths';
import { normalizeMessage } from './normalize';
import { ROW_SIGNATURES } from './row-signatures';

export interface Classification {
  category: ErrorCategory;
  /** The row of LinkedIn's table, null when no row matched. */
  row: number | null;
  /** Posting fields to fix: the row's own plus every `Invalid Field` LinkedIn listed. */
  fields: string[];
  scope: BudgetScope | null;
  referenceCode: string | null;
  /** LinkedIn's DESCRIPTION of the row. */
  description: string | null;
  /** LinkedIn's RESOLUTION of the row. */
  resolution: string | null;
  /** The automatic action of the category, one sentence. */
  action: string;
  linkedInJobId: string | null;
  duplicateJobUrl: string | null;
  partnerJobCode: string | null;
  /** The input, verbatim. */
  message: string;
}

interface RowMatcher {
  row: ErrorRow;
  signature: readonly string[];
}

/**
 * Most specific first: a signature made of more phrases, or of longer ones, says more; on a tie the
 * table's order decides, so the ranking never depends on engine sort details.
 */
const MATCHERS: readonly RowMatcher[] = ERROR_TABLE.map((row) => {
  const signature = ROW_SIGNATURES[row.row];
  if (signature === undefined || signature.length === 0) {
    throw new Error(`Error table row ${row.row} has no signature`);
  }
  return { row, signature };
}).sort(
  (a, b) =>
    b.signature.length - a.signature.length ||
    totalLength(b.signature) - totalLength(a.signature) ||
    a.row.row - b.row.row,
);

const ROW_BY_REFERENCE_CODE: ReadonlyMap<string, ErrorRow> = new Map(
  ERROR_TABLE.flatMap((row) => (row.referenceCode === null ? [] : [[row.referenceCode, row] as const])),
);

function totalLength(phrases: readonly string[]): number {
  return phrases.reduce((sum, phrase) => sum + phrase.length, 0);
}

function containsInOrder(text: string, phrases: readonly string[]): boolean {
  let from = 0;
  for (const phrase of phrases) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return false;
    from = at + phrase.length;
  }
  return true;
}

/** The reference code, when LinkedIn gives one, is its own key for the row and beats any wording. */
function matchRow(message: string, referenceCode: string | null): ErrorRow | null {
  const byCode = referenceCode === null ? undefined : ROW_BY_REFERENCE_CODE.get(referenceCode);
  if (byCode !== undefined) return byCode;
  const normalized = normalizeMessage(message);
  return MATCHERS.find((matcher) => containsInOrder(normalized, matcher.signature))?.row ?? null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function classifyErrorMessage(message: string): Classification {
  const referenceCode = bracketedReferenceCode(message);
  const row = matchRow(message, referenceCode);
  const listedFields = invalidFieldPaths(message).flatMap((path) => postingFieldForPath(path) ?? []);
  // A drop report that lists invalid fields says what is wrong even when its drop message is new to us.
  const category: ErrorCategory =
    row?.category ?? (isDropReport(message) && listedFields.length > 0 ? 'INVALID_PAYLOAD' : 'UNKNOWN');
  const isDuplicate = category === 'DUPLICATE';
  return {
    category,
    row: row?.row ?? null,
    fields: unique([...(row?.fields ?? []), ...listedFields]),
    scope: row?.scope ?? null,
    referenceCode: row?.referenceCode ?? referenceCode,
    description: row?.description ?? null,
    resolution: row?.resolution ?? null,
    action: CATEGORY_ACTIONS[category],
    linkedInJobId: isDuplicate ? linkedInJobId(message) : null,
    duplicateJobUrl: isDuplicate ? firstUrl(message) : null,
    partnerJobCode: partnerJobCode(message),
    message,
  };
}
