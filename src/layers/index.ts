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
import { serialization } from '@tensorflow/tfjs-core';
import { ClassSpecificResidualAttention } from './class-specific-residual-attention.js';
import { LabelAttentionHead } from './label-attention-head.js';
import { LabelGraphHead } from './label-graph-head.js';

export * from '../core/index.js';
export * from './heads.js';

// The registration statement of this entry: a bare `import 'tfjs-multilabel/layers'` keeps
// it (and through it the classes) in a bundle. Registering twice is harmless.
for (const head of [ClassSpecificResidualAttention, LabelAttentionHead, LabelGraphHead]) {
  serialization.registerClass(head, 'TfjsMultilabel', head.className.replace('TfjsMultilabel', ''));
}
