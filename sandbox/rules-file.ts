/** Outcome rules loaded from a JSON file (SANDBOX_RULES_FILE), for `npm run sandbox` and `npm start`. */
import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { describeValidationError, parseRules } from './schemas';
import type { PostingRule } from './types';

export function loadRulesFile(path: string | undefined): PostingRule[] {
  if (!path) return [];
  try {
    return parseRules(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    const reason = error instanceof ZodError ? describeValidationError(error) : error instanceof Error ? error.message : String(error);
    throw new Error(`SANDBOX_RULES_FILE ${path} is not a valid rules file: ${reason}`);
  }
}
