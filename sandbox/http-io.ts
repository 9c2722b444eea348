/** Reading request bodies and writing answers on node:http, the sandbox's only transport. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAnswer } from './linkedin-errors';

/** Far above any legal batch (100 elements of at most 25,000-character descriptions). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function serialise(answer: ApiAnswer): { contentType: string; payload: string } {
  return answer.contentType
    ? { contentType: answer.contentType, payload: String(answer.body) }
    : { contentType: 'application/json', payload: JSON.stringify(answer.body) };
}

/** Writes an answer; `truncate` cuts the body in half to simulate a malformed (cut-off) JSON answer. */
export function send(res: ServerResponse, answer: ApiAnswer, truncate = false): void {
  const { contentType, payload } = serialise(answer);
  const body = truncate ? payload.slice(0, Math.max(1, Math.floor(payload.length / 2))) : payload;
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-restli-protocol-version': '2.0.0',
  });
  res.end(body);
}
