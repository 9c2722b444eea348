/** The values LOG_LEVEL and LOG_FORMAT accept. Free of the SDK's runtime, so the configuration can check them cheaply. */
import type { LogLevel } from '@temporalio/common';

/** json: one object per line, for log collectors. pretty: one readable line per message, for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** In increasing severity. */
export const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
