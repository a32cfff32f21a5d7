/**
 * A model saved with every head (fixtures/saved-heads.json, written by make-saved-heads.ts)
 * loads with the current code: same classes, same configs read back, same predictions. It pins
 * the saved format, so a change to the heads cannot break the models users have saved.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  ClassSpecificResidualAttention,
  LabelAttentionHead,
  LabelGraphHead,
} from '../../src/layers/index.js';
import { savedModelInput } from './fixtures/saved-heads-input.js';
import { expectClose, saveToMemory } from './head-harness.js';

const backend = process.env.TFJS_BACKEND;

interface SavedModel {
  modelTopology: { config: { layers: { name: string; class_name: string; config: object }[] } };
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: string;
  predictions: number[][];
}

const saved = JSON.parse(
  readFileSync(new URL('./fixtures/saved-heads.json', import.meta.url), 'utf8'),
) as SavedModel;

async function loadSaved(): Promise<tfl.LayersModel> {
  const bytes = Buffer.from(saved.weightData, 'base64');
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: saved.modelTopology,
      weightSpecs: saved.weightSpecs,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    }),
  );
}

describe(`a model saved with every head (${backend})`, () => {
  it('loads with the same classes, configs and predictions, and saves the same topology', async () => {
    const model = await loadSaved();
    const x = savedModelInput();
    try {
      const layers = saved.modelTopology.config.layers;
      const heads: [string, new (...args: never[]) => tfl.layers.Layer][] = [
        ['TfjsMultilabelLabelGraphHead', LabelGraphHead],
        ['TfjsMultilabelClassSpecificResidualAttention', ClassSpecificResidualAttention],
        ['TfjsMultilabelLabelAttentionHead', LabelAttentionHead],
      ];
      for (const [className, cls] of heads) {
        const entry = layers.find((l) => l.class_name === className);
        expect(entry, className).toBeDefined();
        expect(model.getLayer((entry as { name: string }).name)).toBeInstanceOf(cls);
      }
      // Saved again, the model writes the same layer configs (the saved format is unchanged).
      const again = await saveToMemory(model);
      const resaved = (again.modelTopology as SavedModel['modelTopology']).config.layers;
      expect(resaved).toEqual(layers);
      expect(again.weightSpecs).toEqual(saved.weightSpecs);
      const ys = model.predict(x) as tf.Tensor[];
      try {
        expect(ys).toHaveLength(3);
        ys.forEach((y, i) => {
          expect(y.shape).toEqual([2, 3]);
          expectClose(y.dataSync(), saved.predictions[i], 1e-5);
        });
      } finally {
        tf.dispose(ys);
      }
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
