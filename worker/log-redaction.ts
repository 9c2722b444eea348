/**
 * The last line of defence before a log line leaves the process. Secrets should never reach a logger, but log
 * metadata is assembled in many places (the SDK's own, activities' errors, LinkedIn answers), so values under
 * secret-looking keys are replaced, credentials inside strings are masked, and errors become plain objects.
 */

export const REDACTED = '[REDACTED]';

/** Keys whose values are credentials wherever they appear: client secrets, tokens, API keys, auth headers. */
const SECRET_KEY = /secret|token|passw(?:or)?d|passphrase|authori[sz]ation|api[-_]?key|credential|cookie|private[-_]?key|signature/i;

/** Credentials written inside text: auth headers, form or query parameters, JSON fields. */
const SECRET_IN_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  [/\b((?:client_)?secret|access_token|refresh_token|id_token|api[_-]?key|password|token)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/("(?:client_?secret|access_?token|refresh_?token|api_?key|password|secret|token)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
];

/** Deep enough for the SDK's metadata and an error with causes; deeper structures are summarised. */
const MAX_DEPTH = 6;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(text: string): string {
  return SECRET_IN_TEXT.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/**
 * A JSON-safe copy of log metadata: secret-looking keys redacted at any depth, strings scrubbed, errors expanded
 * (name, message, stack, failure type, cause), binary data reduced to its size, cycles cut. Symbol keys are dropped.
 */
export function redactLogMeta(meta: Record<string, unknown>): Record<string, unknown> {
  return redactRecord(meta, 0, new WeakSet());
}

function redactRecord(record: object, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    out[key] = isSecretKey(key) ? REDACTED : redactValue(value, depth + 1, seen);
  }
  return out;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? String(object) : object.toISOString();
  // Certificates, keys and payloads: never their bytes.
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `[${object.byteLength} bytes]`;
  if (seen.has(object)) return '[Circular]';
  if (depth > MAX_DEPTH) return Array.isArray(object) ? `[Array(${object.length})]` : '[Object]';
  seen.add(object);
  try {
    if (object instanceof Error) return redactError(object, depth, seen);
    if (Array.isArray(object)) return object.map((item) => redactValue(item, depth + 1, seen) ?? null);
    if (object instanceof Map) return redactRecord(Object.fromEntries(object), depth, seen);
    if (object instanceof Set) return [...object].map((item) => redactValue(item, depth + 1, seen) ?? null);
    return redactRecord(object, depth, seen);
  } finally {
    seen.delete(object);
  }
}

/**
 * An error as its name, message and stack, plus what Temporal failures carry (type, retry state) and its cause.
 * Failure `details` are left out on purpose: they can hold whole LinkedIn answers and workflow data.
 */
function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const fields = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  for (const key of ['type', 'code', 'httpStatus', 'retryState', 'nonRetryable', 'activityType']) {
    const field = fields[key];
    if (field !== undefined && field !== null && typeof field !== 'object') out[key] = redactValue(field, depth + 1, seen);
  }
  if (error.stack) out.stack = redactText(error.stack);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, seen);
  return out;
}
