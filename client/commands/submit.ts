/** `linkedin-job-tracker submit <file>`: post the elements to LinkedIn here, then track what LinkedIn accepted. */
import type { Command } from 'commander';
import { LinkedInError } from '../../activities/linkedin/errors';
import { linkedInClientFor } from '../../worker/linkedin';
import type { JobPostingElement } from '../../workflows/domain';
import { assertValidPostings, InvalidPostingsError } from '../posting-validation';
import { submitPostings, type PostingOutcome } from '../submission';
import { readElementsFile } from './elements-file';
import { renderTable } from './format';
import { withTemporal } from './session';
import { UsageError } from './usage-error';

export function registerSubmitCommand(program: Command): Command {
  return program
    .command('submit')
    .description('submit the posting elements of a JSON file to LinkedIn now, in calls of up to 100, then track each accepted one')
    .argument('<file>', 'JSON array of simpleJobPostings elements, or { "elements": [...] }')
    .option('--json', 'print one JSON outcome per element')
    .addHelpText(
      'after',
      `
Every element is checked first; one bad element (or two for the same externalJobPostingId) sends nothing.
Elements LinkedIn refuses are listed as SUBMISSION_REJECTED and get no workflow. Unlike \`track\`, LinkedIn is
called here, once, with this machine's LinkedIn configuration (LINKEDIN_* variables).

Examples:
  $ linkedin-job-tracker submit examples/postings.json
  $ linkedin-job-tracker submit postings.json --json | jq '.[] | select(.outcome == "SUBMISSION_REJECTED")'`,
    )
    .action(async (file: string, options: { json?: boolean }) => {
      let elements: JobPostingElement[];
      try {
        elements = assertValidPostings(readElementsFile(file), { uniqueExternalIds: true });
      } catch (error) {
        if (error instanceof InvalidPostingsError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      }
      // Temporal is connected first: LinkedIn is never called when the accepted elements could not be tracked.
      const outcomes = await withTemporal(async (client, config) => {
        const linkedIn = linkedInClientFor(config);
        try {
          return await submitPostings(client, linkedIn, elements, { taskQueue: config.temporal.taskQueue, policy: config.tracking });
        } catch (error) {
          const answered = error instanceof LinkedInError ? (error.submittedBeforeFailure?.length ?? 0) : 0;
          if (answered === 0) throw error;
          // The answered elements are tracked; the operator needs to know where a retry must start.
          throw new Error(
            `${(error as Error).message}. LinkedIn answered elements 0 to ${answered - 1} before failing; they are tracked ` +
              `(see \`list --since 10m\`). Resubmit only elements ${answered} and after.`,
            { cause: error },
          );
        } finally {
          await linkedIn.close();
        }
      });
      process.stdout.write(options.json ? `${JSON.stringify(outcomes)}\n` : renderOutcomes(outcomes));
    });
}

function renderOutcomes(outcomes: readonly PostingOutcome[]): string {
  return renderTable(
    ['ELEMENT', 'OPERATION', 'EXTERNAL ID', 'RESULT', 'WORKFLOW ID / LINKEDIN MESSAGE'],
    outcomes.map((o) => [
      String(o.index),
      o.operation,
      o.externalJobPostingId,
      o.outcome === 'TRACKED' ? (o.started ? 'tracking' : 'already tracked') : `rejected (HTTP ${o.httpStatus})`,
      o.outcome === 'TRACKED' ? o.workflowId : o.message.replace(/\s+/g, ' '),
    ]),
  );
}
