/**
 * The sandbox's state file (`stateFile` option, SANDBOX_STATE_FILE): read once at start, rewritten shortly
 * after every change that matters and once more on close. Each write goes to a temporary file in the same
 * folder, which then replaces the state file by rename, so a crash loses at most the last moments of changes
 * and never leaves a half-written file behind.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeState, encodeState, StateFormatError, type DurableState } from './persistence';
import type { SandboxState } from './state';

/** How long after the first unsaved change the file is rewritten. */
export const SAVE_DELAY_MS = 200;

/** A state file that cannot be read or written; the message names the file. */
export class SandboxStateFileError extends Error {
  override readonly name = 'SandboxStateFileError';
}

/**
 * Loads the state saved in `path` into `state` (a missing file is an empty sandbox) and keeps the file up to
 * date from then on. Close the returned writer to save the last changes.
 */
export async function keepStateInFile(path: string, state: SandboxState): Promise<StateFileWriter> {
  const saved = await readStateFile(path);
  if (saved) state.restoreDurableState(saved);
  const writer = new StateFileWriter(path, () => encodeState(state.durableState()));
  state.onDurableChange(() => writer.changed());
  return writer;
}

export async function readStateFile(path: string): Promise<DurableState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxStateFileError(`Cannot read the sandbox state file ${path}: ${reasonOf(error)}`);
  }
  try {
    return decodeState(text);
  } catch (error) {
    if (!(error instanceof StateFormatError)) throw error;
    throw new SandboxStateFileError(
      `The sandbox state file ${path} is not a valid state file: ${error.message}. Move it away (or delete it) to start with an empty sandbox.`,
    );
  }
}

export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private unsaved = false;
  private closed = false;
  private failure: unknown;
  private warned = false;

  constructor(
    private readonly path: string,
    private readonly capture: () => string,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  /**
   * Notes a change. The file is rewritten `delayMs` after the first unsaved change rather than after the last
   * one: a worker polling every few hundred milliseconds must not postpone saving indefinitely.
   */
  changed(): void {
    this.unsaved = true;
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save().then(() => this.warnOfFailure());
    }, this.delayMs);
  }

  /** Saves whatever is unsaved and stops saving; rejects when the file cannot be written. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
    if (this.failure !== undefined) {
      throw new SandboxStateFileError(`Cannot save the sandbox state to ${this.path}: ${reasonOf(this.failure)}`);
    }
  }

  /** One write at a time: changes made during a write are picked up by the next round of the same loop. */
  private save(): Promise<void> {
    this.saving ??= this.drain().finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  private async drain(): Promise<void> {
    while (this.unsaved) {
      this.unsaved = false;
      try {
        await writeAtomically(this.path, this.capture());
        this.failure = undefined;
        this.warned = false;
      } catch (error) {
        // Still unsaved: the next change, or close(), tries again.
        this.unsaved = true;
        this.failure = error;
        return;
      }
    }
  }

  /** A background save has nobody to reject to; say so once per run of failures rather than on every change. */
  private warnOfFailure(): void {
    if (this.failure === undefined || this.warned) return;
    this.warned = true;
    process.emitWarning(`The LinkedIn sandbox cannot save its state to ${this.path}: ${reasonOf(this.failure)}`, 'SandboxStateWarning');
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Same folder as the target: rename is only atomic within one file system.
  const temporary = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
