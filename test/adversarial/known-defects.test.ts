/**
 * Every known defect without tensors still reproduces and every fixed one does not: when one is
 * fixed, this test fails until it is marked `fixed` (so that the properties check those inputs again).
 */
import { knownDefects, reproductionTests } from './known-defects.js';

reproductionTests(
  'known defects (arrays)',
  knownDefects.filter((d) => d.tensors !== true),
);
