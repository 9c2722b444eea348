/**
 * Input the command cannot act on (a malformed file, a filter that selects nothing sensible...): reported in one
 * line with exit code 2, like commander's own usage errors, so scripts can tell "called wrong" from "failed".
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
