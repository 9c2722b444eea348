/**
 * Webhook signatures, Stripe-style: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * inside the signed text, so a captured delivery cannot be replayed later than the receiver's tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-LinkedIn-Job-Tracker-Signature';
export const DEFAULT_SIGNATURE_TOLERANCE_SEC = 300;

const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

function digest(body: string, secret: string, timestampSec: number): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex');
}

/** The signature header value for `body`, as sent at `timestampSec`. */
export function signBody(body: string, secret: string, timestampSec: number): string {
  if (!Number.isSafeInteger(timestampSec) || timestampSec < 0) {
    throw new RangeError('signBody: timestampSec must be a non-negative integer of seconds');
  }
  return `t=${timestampSec},v1=${digest(body, secret, timestampSec)}`;
}

interface ParsedSignature {
  timestampSec: number;
  digests: string[];
}

/** Unknown keys are skipped so a future scheme (v2) can be sent next to v1 without breaking receivers. */
function parseSignatureHeader(header: string): ParsedSignature | null {
  let timestampSec: number | null = null;
  const digests: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestampSec !== null || !/^\d{1,15}$/.test(value)) return null;
      timestampSec = Number(value);
    } else if (key === 'v1' && DIGEST_PATTERN.test(value.toLowerCase())) {
      digests.push(value.toLowerCase());
    }
  }
  return timestampSec === null || digests.length === 0 ? null : { timestampSec, digests };
}

/**
 * True when one of the header's v1 digests signs `body` (the raw request body, byte for byte) with `secret`,
 * and its timestamp is within `toleranceSec` of `nowSec`. Several v1 entries are accepted so a secret can be
 * rotated by signing with both for a while.
 */
export function verifySignature(
  body: string,
  header: string,
  secret: string,
  toleranceSec: number = DEFAULT_SIGNATURE_TOLERANCE_SEC,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  const parsed = parseSignatureHeader(header);
  if (parsed === null || Math.abs(nowSec - parsed.timestampSec) > toleranceSec) return false;
  const expected = Buffer.from(digest(body, secret, parsed.timestampSec), 'hex');
  return parsed.digests.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
}
