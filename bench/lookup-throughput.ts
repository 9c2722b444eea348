/**
 * The LinkedIn client alone (no Temporal): status lookups of 1 to 200 URNs against the sandbox over loopback. How
 * a lookup is cut into requests (at most 50 URNs each by default), when it is tunneled (query string above 4 KB),
 * and how long a lookup takes, one at a time.
 */
import { performance } from 'node:perf_hooks';
import type { LinkedInClientConfig } from '../activities/linkedin/config';
import { planStatusRequests } from '../activities/linkedin/task-status-request';
import { startSandbox } from '../sandbox';
import { loadConfig } from '../worker/config';
import { posting } from '../test/helpers/postings';
import { sandboxClient, statusCallsBetween } from './harness';
import { ms, num, percentile, table, type BenchmarkSection } from './report';

const LOOKUP_SIZES = [1, 10, 50, 51, 100, 200];
/** Per row, unmeasured: connections opened, token fetched, the JIT warmed for that size. */
const WARM_UP_LOOKUPS = 50;
const MEASURED_LOOKUPS = 100;

interface ClientSetting {
  label: string;
  settings: Pick<LinkedInClientConfig, 'maxUrnsPerStatusCall' | 'maxQueryStringBytes'>;
}

interface LookupRow {
  setting: string;
  maxUrnsPerRequest: number;
  urns: number;
  requestsPerLookup: number;
  tunneledPerLookup: number;
  largestQueryBytes: number;
  latenciesMs: number[];
  totalMs: number;
}

export async function runLookupThroughput(): Promise<BenchmarkSection> {
  const defaults = loadConfig({}).linkedIn;
  const settings: ClientSetting[] = [
    {
      label: `default (${defaults.maxUrnsPerStatusCall} URNs per request)`,
      settings: { maxUrnsPerStatusCall: defaults.maxUrnsPerStatusCall, maxQueryStringBytes: defaults.maxQueryStringBytes },
    },
    {
      label: 'LINKEDIN_MAX_URNS_PER_STATUS_CALL=200',
      settings: { maxUrnsPerStatusCall: 200, maxQueryStringBytes: defaults.maxQueryStringBytes },
    },
  ];
  // Tasks are terminal at once: every lookup is a full answer, as the last poll of an operation is.
  const sandbox = await startSandbox({ processingMs: 0 });
  const rows: LookupRow[] = [];
  try {
    const submitter = sandboxClient(sandbox.url);
    const maxUrns = Math.max(...LOOKUP_SIZES);
    const ids = Array.from({ length: maxUrns }, (_, i) => `lookup-${process.pid}-${i}`);
    const submissions = await submitter.submitPostings(ids.map((id) => posting(id)));
    await submitter.close();
    const taskUrns = submissions.flatMap((submission) => (submission.accepted ? submission.taskUrns : []));
    if (taskUrns.length !== maxUrns) throw new Error(`The sandbox accepted ${taskUrns.length} of ${maxUrns} postings`);

    for (const setting of settings) {
      const client = sandboxClient(sandbox.url, setting.settings);
      try {
        for (const size of LOOKUP_SIZES) {
          const urns = taskUrns.slice(0, size);
          for (let i = 0; i < WARM_UP_LOOKUPS; i += 1) await client.lookupTaskStatuses(urns);
          const before = sandbox.counters();
          const latenciesMs: number[] = [];
          const began = performance.now();
          for (let i = 0; i < MEASURED_LOOKUPS; i += 1) {
            const start = performance.now();
            const answer = await client.lookupTaskStatuses(urns);
            latenciesMs.push(performance.now() - start);
            if (answer.reports.length !== size) throw new Error(`A lookup of ${size} URNs answered ${answer.reports.length}`);
          }
          const totalMs = performance.now() - began;
          const tally = statusCallsBetween(before, sandbox.counters());
          rows.push({
            setting: setting.label,
            maxUrnsPerRequest: setting.settings.maxUrnsPerStatusCall,
            urns: size,
            requestsPerLookup: tally.calls / MEASURED_LOOKUPS,
            tunneledPerLookup: tally.tunneled / MEASURED_LOOKUPS,
            largestQueryBytes: Math.max(...planStatusRequests(urns, setting.settings).map((plan) => Buffer.byteLength(plan.queryString))),
            latenciesMs,
            totalMs,
          });
        }
      } finally {
        await client.close();
      }
    }
  } finally {
    await sandbox.close();
  }
  return { title: 'Client-level status lookups', body: render(rows, defaults.maxQueryStringBytes) };
}

function render(rows: LookupRow[], maxQueryStringBytes: number): string {
  const results = table(
    ['client setting', 'URNs per lookup', 'requests per lookup', 'tunneled per lookup', 'largest query string', 'p50', 'p95', 'lookups/s', 'URNs/s'],
    rows.map((row) => [
      row.setting,
      num(row.urns),
      num(row.requestsPerLookup, 2),
      num(row.tunneledPerLookup, 2),
      `${num(row.largestQueryBytes)} B`,
      ms(percentile(row.latenciesMs, 50)),
      ms(percentile(row.latenciesMs, 95)),
      num((MEASURED_LOOKUPS * 1000) / row.totalMs),
      num((MEASURED_LOOKUPS * row.urns * 1000) / row.totalMs),
    ]),
  );
  const tunneledSizes = rows.filter((row) => row.tunneledPerLookup > 0).map((row) => `${row.urns} (${row.setting})`);
  return [
    `${MEASURED_LOOKUPS} lookups per row, one after another, after ${WARM_UP_LOOKUPS} unmeasured ones, with the production client ` +
      '(`createLinkedInClient`, its own connection pool and token) against the sandbox on 127.0.0.1 with no added latency. ' +
      '"requests per lookup" and "tunneled per lookup" are counted by the sandbox; "largest query string" is the client\'s ' +
      'own request plan (`planStatusRequests`) for that lookup. Latencies are from the call to the parsed answer.',
    '',
    results,
    '',
    '**Reading.**',
    '',
    splittingReading(rows),
    defaultFitsReading(rows, maxQueryStringBytes),
    tunneledSizes.length > 0
      ? `- Tunneling (POST with X-HTTP-Method-Override: GET) happened only for lookups of ${tunneledSizes.join(', ')}: raising the URNs per request ` +
        'trades calls for longer requests, and the client switches to tunneling by itself where the query would not fit.'
      : '- No lookup was tunneled in this run.',
    '- The latencies are loopback numbers against a sandbox in the same process: they measure the work of the client and ' +
      "the sandbox (request building, HTTP over loopback, JSON on both sides), not LinkedIn's response time, which the " +
      'sandbox does not model (its latencyMs knob was 0).',
  ].join('\n');
}

function splittingReading(rows: LookupRow[]): string {
  const off = rows.filter((row) => row.requestsPerLookup !== Math.ceil(row.urns / row.maxUrnsPerRequest));
  return off.length === 0
    ? '- Splitting: every lookup cost exactly ceil(URNs / URNs per request) status calls.'
    : `- Splitting: ${off.length} row(s) did not cost ceil(URNs / URNs per request) calls: ${off.map((row) => `${row.urns} URNs (${row.setting})`).join(', ')}.`;
}

function defaultFitsReading(rows: LookupRow[], maxQueryStringBytes: number): string {
  const widestDefault = rows.filter((row) => row.setting === rows[0]?.setting).reduce((a, b) => (b.largestQueryBytes > a.largestQueryBytes ? b : a));
  const fits = widestDefault.largestQueryBytes <= maxQueryStringBytes;
  return (
    `- The largest request the default setting makes (${widestDefault.maxUrnsPerRequest} URNs) has a ${num(widestDefault.largestQueryBytes)}-byte query string, ` +
    (fits ? `under LinkedIn's ${num(maxQueryStringBytes)}-byte limit: with the default, no request needs tunneling.` : `over LinkedIn's ${num(maxQueryStringBytes)}-byte limit.`)
  );
}
