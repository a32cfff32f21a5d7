// The heads without the registration statement of the `./layers` entry. The root entry
// re-exports this file, so that importing only array functions from the root keeps no layer
// code in a bundle (each class still registers itself when it is evaluated).
export {
  ClassSpecificResidualAttention,
  type CsraHeadArgs,
  csraHead,
} from './class-specific-residual-attention.js';
export type { HeadLayerArgs } from './head-args.js';
export type { HiddenActivation } from './head-ops.js';
export {
  LabelAttentionHead,
  type LabelAttentionHeadArgs,
  labelAttentionHead,
} from './label-attention-head.js';
export { LabelGraphHead, type LabelGraphHeadArgs, labelGraphHead } from './label-graph-head.js';
