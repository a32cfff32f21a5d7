/**
 * fast-check settings for every property test. A failure prints its `seed` and `path`;
 * replay it with `FC_SEED=<seed> npm run test:node` (and `FC_PATH=<path>` to jump straight to the
 * shrunk case). `FC_NUM_RUNS` raises or lowers the number of runs per property.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;
const numRuns = process.env.FC_NUM_RUNS === undefined ? undefined : Number(process.env.FC_NUM_RUNS);

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  ...(path !== undefined ? { path } : {}),
  ...(numRuns !== undefined && Number.isFinite(numRuns) ? { numRuns } : {}),
});
