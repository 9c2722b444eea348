/**
 * The sandbox's own control API under /__sandbox/ (no token needed): rules, knobs, counters, reset.
 * Lets a dev stack started with `npm run sandbox` be steered from tests, scripts or curl.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { readBody, send } from './http-io';
import { restError, type ApiAnswer } from './linkedin-errors';
import { describeValidationError } from './schemas';
import type { SandboxState } from './state';

export const ADMIN_PREFIX = '/__sandbox/';

export async function handleAdminCall(req: IncomingMessage, res: ServerResponse, state: SandboxState): Promise<void> {
  let answer: ApiAnswer;
  try {
    answer = await answerAdminCall(req, state);
  } catch (error) {
    if (error instanceof ZodError) answer = restError(400, describeValidationError(error));
    else if (error instanceof SyntaxError) answer = restError(400, `Body is not valid JSON: ${error.message}`);
    else answer = restError(500, error instanceof Error ? error.message : 'Internal Server Error');
  }
  if (answer.status === 204) {
    res.writeHead(204).end();
    return;
  }
  send(res, answer);
}

async function answerAdminCall(req: IncomingMessage, state: SandboxState): Promise<ApiAnswer> {
  const resource = `${req.method ?? 'GET'} ${(req.url ?? '').split('?')[0]?.slice(ADMIN_PREFIX.length)}`;
  const json = async (): Promise<unknown> => JSON.parse(await readBody(req));
  switch (resource) {
    case 'GET rules':
      return ok(state.rules.list());
    case 'PUT rules':
      return ok(state.setRules(await json()));
    case 'POST rules':
      return ok(state.addRules(await json()));
    case 'GET config':
      return ok(state.knobsSnapshot());
    case 'PATCH config':
      return ok(state.configure(await json()));
    case 'GET counters':
      return ok(state.counters.snapshot());
    case 'POST reset':
      state.reset();
      return { status: 204, body: null };
    default:
      return restError(404, `No sandbox admin resource ${resource}`);
  }
}

function ok(body: unknown): ApiAnswer {
  return { status: 200, body };
}
