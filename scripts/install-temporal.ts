/** `npm run setup:temporal`: makes both Temporal binaries available, installing pinned copies if needed. */
import { resolveTemporalBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from './temporal-binaries';

for (const binary of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER]) {
  try {
    const found = resolveTemporalBinary(binary);
    console.log(`${binary.command}: ${found.path} (from ${found.source})`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
