/** Reading the posting elements of a JSON file given on the command line. */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error';

/** A JSON array of simpleJobPostings elements, or LinkedIn's request body `{ "elements": [...] }`. */
export function readElementsFile(file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
  const elements = Array.isArray(parsed) ? parsed : (parsed as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    throw new UsageError(`${file}: expected a non-empty JSON array of posting elements, or { "elements": [...] }`);
  }
  return elements;
}
