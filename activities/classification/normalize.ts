/**
 * Reduces an error message to a canonical form so that LinkedIn's texts can be recognised however they
 * were transported: JSON-escaped or not, rendered from markdown, re-quoted, re-wrapped or re-cased.
 * Quotes are dropped rather than unified because LinkedIn mixes typographic quotes, ASCII quotes and the
 * literal six-character escape `\u201C` in the same family of messages, and apostrophes ("job's")
 * carry no meaning for classification.
 */

const LITERAL_QUOTE_ESCAPES = /\\+u(?:201[89cCdD]|0022|0027)/g;
const LITERAL_WHITESPACE_ESCAPES = /\\+[nrt]/g;
const MARKDOWN_ESCAPES = /\\([\\`*_[\]{}()#+\-.!"'])/g;
const QUOTES_AND_BACKTICKS = /["'`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033\u00AB\u00BB\u2039\u203A]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;
const WHITESPACE = /\s+/g;

export function normalizeMessage(message: string): string {
  return message
    .replace(LITERAL_QUOTE_ESCAPES, '"')
    .replace(LITERAL_WHITESPACE_ESCAPES, ' ')
    .replace(MARKDOWN_ESCAPES, '$1')
    .replace(QUOTES_AND_BACKTICKS, '')
    .replace(DASHES, '-')
    .replace(WHITESPACE, ' ')
    .trim()
    .toLowerCase();
}
