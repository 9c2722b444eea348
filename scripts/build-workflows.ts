/**
 * `npm run build:workflows`: bundles the workflow code with its interceptors into dist/workflow-bundle.js (or the
 * path given as the first argument). `npm run worker` runs that file when present, so every replica of a release
 * runs byte-identical workflow code and starts without bundling. Rebuild whenever workflows/ changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { buildWorkflowBundle, DEFAULT_WORKFLOW_BUNDLE_PATH } from '../worker/workflow-bundle';

async function main(): Promise<void> {
  const target = path.resolve(process.argv[2] ?? DEFAULT_WORKFLOW_BUNDLE_PATH);
  // The bundler lists every module at INFO; a build only needs to hear about problems.
  const { code } = await buildWorkflowBundle(new DefaultLogger('WARN'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
  console.log(`workflow bundle written: ${path.relative(process.cwd(), target)} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
