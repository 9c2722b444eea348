/**
 * The workflow code a worker runs: a bundle built ahead of time (`npm run build:workflows`), so a production worker
 * starts in a second and every replica runs byte-identical workflow code, or else bundled from source at start.
 * Both ways include the same workflow interceptors, so a history recorded by one replays on the other.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type Logger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const ROOT = path.join(__dirname, '..');

/** The workflows' entry module. */
export const WORKFLOWS_PATH = path.join(ROOT, 'workflows', 'index.ts');

/** Modules bundled into the workflow code as interceptors (worker/workflow-interceptors.ts and what it imports). */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.join(__dirname, 'workflow-interceptors.ts')];

/** Where `npm run build:workflows` writes the bundle and `npm run worker` looks for it (WORKFLOW_BUNDLE overrides). */
export const DEFAULT_WORKFLOW_BUNDLE_PATH = path.join(ROOT, 'dist', 'workflow-bundle.js');

/** Worker-side sources that end up in the bundle besides workflows/. */
const BUNDLED_WORKER_SOURCES = ['workflow-interceptors.ts', 'job-log-context.ts', 'product-metrics.ts'].map((file) => path.join(__dirname, file));

export function buildWorkflowBundle(logger?: Logger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    ...(logger ? { logger } : {}),
  });
}

export type WorkflowCodeSource =
  | { kind: 'bundle'; codePath: string; staleAgainst: string[] }
  | { kind: 'source'; workflowsPath: string; reason: string };

/**
 * The pre-built bundle when there is one: at `configuredPath` (which must then exist: a deployment that names a
 * bundle must not silently bundle something else) or at the default path; otherwise the sources.
 */
export function resolveWorkflowCode(configuredPath: string | undefined): WorkflowCodeSource {
  if (configuredPath) {
    const codePath = path.resolve(configuredPath);
    if (!existsSync(codePath)) throw new Error(`WORKFLOW_BUNDLE=${configuredPath}: no such file (build it with \`npm run build:workflows\`)`);
    return { kind: 'bundle', codePath, staleAgainst: sourcesNewerThan(codePath) };
  }
  if (existsSync(DEFAULT_WORKFLOW_BUNDLE_PATH)) {
    return { kind: 'bundle', codePath: DEFAULT_WORKFLOW_BUNDLE_PATH, staleAgainst: sourcesNewerThan(DEFAULT_WORKFLOW_BUNDLE_PATH) };
  }
  return { kind: 'source', workflowsPath: WORKFLOWS_PATH, reason: `no pre-built bundle at ${path.relative(process.cwd(), DEFAULT_WORKFLOW_BUNDLE_PATH)}` };
}

/**
 * Workflow sources changed after the bundle was built: the worker would run old workflow code. Empty where the
 * sources are not deployed (a production image with only the bundle).
 */
export function sourcesNewerThan(bundlePath: string): string[] {
  const builtAtMs = statSync(bundlePath).mtimeMs;
  return [...listTypeScript(path.join(ROOT, 'workflows')), ...BUNDLED_WORKER_SOURCES.filter(existsSync)]
    .filter((file) => statSync(file).mtimeMs > builtAtMs)
    .map((file) => path.relative(ROOT, file));
}

function listTypeScript(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
