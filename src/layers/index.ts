/**
 * Label-correlation-aware heads: tfjs-layers layers that save and load like built-in ones.
 *
 * Each head registers itself with `tf.serialization.registerClass` when this module loads,
 * under a class name prefixed with `TfjsMultilabel` (for example
 * `TfjsMultilabelLabelGraphHead`), so `tf.loadLayersModel` finds it and no other library's
 * layer can take its place. Import anything from `tfjs-multilabel/layers` (or
 * `import 'tfjs-multilabel/layers'`) before loading a saved model.
 *
 * @module layers
 */
export * from '../core/index.js';
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
