/**
 * Custom search attributes that make tracked operations findable in the Temporal UI and from the CLI.
 * The dev stack registers them; docs/operations.md has the commands for a production cluster.
 */
import { defineSearchAttributeKey } from '@temporalio/common';

export const EXTERNAL_JOB_ID = defineSearchAttributeKey('LinkedInExternalJobId', 'KEYWORD');
export const OPERATION = defineSearchAttributeKey('LinkedInOperation', 'KEYWORD');
export const OUTCOME = defineSearchAttributeKey('LinkedInOutcome', 'KEYWORD');
export const ERROR_CATEGORY = defineSearchAttributeKey('LinkedInErrorCategory', 'KEYWORD_LIST');
export const JOB_POSTING_URN = defineSearchAttributeKey('LinkedInJobPostingUrn', 'KEYWORD_LIST');
/** What a running operation waits on an operator for, e.g. `BUDGET:contract:urn:li:contract:42`; empty otherwise. */
export const WAITING_FOR = defineSearchAttributeKey('LinkedInWaitingFor', 'KEYWORD');

export const SEARCH_ATTRIBUTE_KEYS = [EXTERNAL_JOB_ID, OPERATION, OUTCOME, ERROR_CATEGORY, JOB_POSTING_URN, WAITING_FOR] as const;

/** Temporal CLI type names, for `--search-attribute NAME=TYPE` and `temporal operator search-attribute create`. */
export const SEARCH_ATTRIBUTE_CLI_TYPES: Record<(typeof SEARCH_ATTRIBUTE_KEYS)[number]['name'], 'Keyword' | 'KeywordList'> = {
  LinkedInExternalJobId: 'Keyword',
  LinkedInOperation: 'Keyword',
  LinkedInOutcome: 'Keyword',
  LinkedInErrorCategory: 'KeywordList',
  LinkedInJobPostingUrn: 'KeywordList',
  LinkedInWaitingFor: 'Keyword',
};
