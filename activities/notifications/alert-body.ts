/**
 * The request body of an alert: what a Slack incoming webhook renders (`text`, `blocks`), with the alert itself under
 * `alert` for receivers that want the structure. Slack ignores keys it does not know.
 */
import type { Alert } from './types';

/** Slack's limits: header text 150 characters, section text 3,000. */
const MAX_HEADER_CHARS = 150;
const MAX_SECTION_CHARS = 3000;
/** Links beyond these are summarized; the structured `alert` keeps all of them. */
const MAX_LISTED_LINKS = 10;

export interface SlackBlock {
  type: 'header' | 'section' | 'context';
  text?: { type: 'plain_text' | 'mrkdwn'; text: string };
  elements?: { type: 'mrkdwn'; text: string }[];
}

export interface AlertRequestBody {
  text: string;
  blocks: SlackBlock[];
  alert: Alert;
}

/** Slack decodes only these three entities; a raw `<` would start a link or mention. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function severityLabel(alert: Alert): string {
  return alert.severity === 'critical' ? 'CRITICAL' : 'WARNING';
}

function linksText(links: readonly string[]): string {
  const listed = links.slice(0, MAX_LISTED_LINKS).map((link) => `<${escapeSlackText(link)}|${escapeSlackText(lastSegment(link))}>`);
  const more = links.length - listed.length;
  return `*In the Temporal UI*: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function lastSegment(link: string): string {
  const segment = link.replace(/\/+$/, '').split('/').pop() ?? link;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function alertRequestBody(alert: Alert): AlertRequestBody {
  const title = `[${severityLabel(alert)}] ${alert.title}`;
  const text = escapeSlackText(alert.text);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, MAX_HEADER_CHARS) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_CHARS) } },
  ];
  if (alert.uiLinks && alert.uiLinks.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(linksText(alert.uiLinks), MAX_SECTION_CHARS) } });
  }
  const affected = alert.workflowIds.length;
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: escapeSlackText(
          `${alert.category} · ${affected} operation${affected === 1 ? '' : 's'} · ${alert.occurredAt} · key ${alert.idempotencyKey}`,
        ),
      },
    ],
  });
  return {
    // Shown in notifications and by receivers that ignore blocks.
    text: truncate(`*${escapeSlackText(title)}*\n${text}`, MAX_SECTION_CHARS),
    blocks,
    alert,
  };
}
