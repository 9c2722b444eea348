/**
 * The Temporal Web UI (2.x, as the `temporal` CLI's dev server serves it) in headless Debian chromium: opens a
 * page, waits for what a person should see on it, and keeps a screenshot of it either way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, and nothing that reaches beyond loopback (no updates, sync or field trials). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The list columns an on-call person would pick ("Configure columns" in the UI), custom search attributes included. */
export const WORKFLOW_LIST_COLUMNS = ['Status', 'Workflow ID', 'LinkedInOperation', 'LinkedInOutcome', 'LinkedInErrorCategory', 'End'];

/** Where a locator looks: the page, or a frame in it. */
type Scope = Pick<FrameLocator, 'getByText' | 'locator'>;

export interface Expectation {
  /** What should be visible, in words, for the report. */
  description: string;
  locate(scope: Scope): Locator;
}

/** Text anywhere in the scope (case-insensitive substring, as a person reads it). */
export function showsText(text: string): Expectation {
  return { description: `"${text}"`, locate: (scope) => scope.getByText(text).first() };
}

/** A rendered table row (not raw markdown) containing every one of the texts. */
export function showsTableRowWith(...texts: string[]): Expectation {
  return {
    description: `a table row with ${texts.map((text) => `"${text}"`).join(' and ')}`,
    locate: (scope) => texts.reduce((rows, text) => rows.filter({ hasText: text }), scope.locator('table tr')).first(),
  };
}

export function showsListItemWith(...texts: string[]): Expectation {
  return {
    description: `a list item with ${texts.map((text) => `"${text}"`).join(' and ')}`,
    locate: (scope) => texts.reduce((items, text) => items.filter({ hasText: text }), scope.locator('li')).first(),
  };
}

/** The "User Metadata" tab renders each markdown field in its own frame. */
export type UserMetadataField = 'summary' | 'details' | 'current-details';

export function inUserMetadata(field: UserMetadataField, expectation: Expectation): Expectation {
  return {
    description: `${field}: ${expectation.description}`,
    locate: (scope) => expectation.locate(scope.locator(`iframe#user-metadata-${field}`).contentFrame()),
  };
}

export interface PageCheck {
  name: string;
  url: string;
  screenshot: string;
  /** Descriptions of what was not visible; empty when the page showed everything expected. */
  missing: string[];
}

export interface TemporalUi {
  /** `${uiUrl}/namespaces/${namespace}`. */
  namespaceUrl: string;
  check(name: string, pagePath: string, expectations: readonly Expectation[]): Promise<PageCheck>;
  close(): Promise<void>;
}

/** Fails early, before a stack is started for nothing. */
export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`check:ui drives Debian's chromium at ${CHROMIUM_PATH}, which is not installed: apt-get install -y chromium`);
  }
}

export async function openTemporalUi(options: {
  uiUrl: string;
  namespace: string;
  /** A fresh, empty directory: the browser profile. */
  profileDir: string;
  screenshotDir: string;
  timeoutMs?: number;
}): Promise<TemporalUi> {
  const context: BrowserContext = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    // Wide and tall enough for the list's search-attribute columns and a whole timeline.
    viewport: { width: 1920, height: 1200 },
  });
  const namespace = options.namespace;
  await context.addInitScript(
    // Runs in the page (the project compiles without DOM types, hence the narrow type of localStorage).
    ({ key, namespace, columns }) => {
      const storage = (globalThis as unknown as { localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } })
        .localStorage;
      if (!storage.getItem(key)) {
        storage.setItem(key, JSON.stringify({ [namespace]: columns.map((label, index) => ({ label, pinned: index < 2 })) }));
      }
    },
    { key: 'namespace-workflow-table-columns', namespace, columns: WORKFLOW_LIST_COLUMNS },
  );
  const page = await context.newPage();
  const namespaceUrl = `${options.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}`;
  const timeoutMs = options.timeoutMs ?? 20_000;

  return {
    namespaceUrl,
    async check(name, pagePath, expectations) {
      const url = `${namespaceUrl}${pagePath}`;
      await page.goto(url);
      const deadline = Date.now() + timeoutMs;
      const missing: string[] = [];
      for (const expectation of expectations) {
        try {
          await expectation.locate(page).waitFor({ state: 'visible', timeout: Math.max(1_000, deadline - Date.now()) });
        } catch {
          missing.push(expectation.description);
        }
      }
      const screenshot = path.join(options.screenshotDir, `${name}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      return { name, url, screenshot, missing };
    },
    close: () => context.close(),
  };
}
