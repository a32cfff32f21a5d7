/**
 * Label-correlation-aware heads: tfjs-layers layers that save and load like built-in ones.
 *
 * Each head registers itself with `tf.serialization.registerClass` when this module loads,
 * under a class name prefixed with `TfjsMultilabel` (for example
 * `TfjsMultilabelLabelGraphHead`), so `tf.loadLayersModel` finds it and no other library's
 * layer can take its place. Import anything from `tfjs-multilabel/layers` (or
 * `import 'tfjs-multilabel/layers'`) before loading a saved model: bundlers keep this entry's
 * registration because package.json lists it in `sideEffects`. From the root entry, a head
 * registers when its class is kept, that is when the bundle uses the head or its factory.
 *
 * Like every entry point, it also exports {@link MultilabelError}, {@link isMultilabelError}
 * and the input types ({@link MatrixInput} and its forms), documented with the root module.
 *
 * Guide: [Label-correlation-aware heads](../../docs/heads.md).
 *
 * @module tfjs-multilabel/layers
 */
import { ClassSpecificResidualAttention } from './class-specific-residual-attention.js';
import { checkHeadsRegistered } from './head-registration.js';
import { LabelAttentionHead } from './label-attention-head.js';
import { LabelGraphHead } from './label-graph-head.js';

export * from '../core/index.js';
export * from './heads.js';

// Each head registers itself once, when its class is evaluated. This call registers nothing:
// it is the statement of this entry that uses the heads, so a bundler keeps their shared code
// (and the registration in it) for a bare `import 'tfjs-multilabel/layers'`.
checkHeadsRegistered([ClassSpecificResidualAttention, LabelAttentionHead, LabelGraphHead]);
