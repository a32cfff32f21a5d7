/**
 * The checks every head must pass, run for each head of the registry (head-registry.ts): a
 * save/load round trip through tf.io memory handlers, a rebuild from its JSON config, gradients
 * reaching every trainable weight, and no tensor leaked by predict or fit.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { expectNoLeakedTensors } from '../leak.js';
import {
  expectGradientsReachEveryWeight,
  modelAround,
  predictArray,
  saveToMemory,
  sigmoidCrossEntropy,
} from './head-harness.js';
import { type HeadCase, heads } from './head-registry.js';

const backend = process.env.TFJS_BACKEND;

/** The random input of a case: `rows` x its shape, from `tf.randomNormal` with its seed. */
function inputOf(c: HeadCase): tf.Tensor {
  return tf.randomNormal([c.rows, ...c.shape], 0, 1, 'float32', c.seed);
}

describe.each(heads)(`$name (${backend})`, (entry) => {
  it('saves to memory and loads with identical predictions', async () => {
    const head = entry.save.make();
    const model = modelAround(head, entry.save.shape);
    const x = inputOf(entry.save);
    const artifacts = await saveToMemory(model);
    expect(JSON.stringify(artifacts.modelTopology)).toContain(`"class_name":"${entry.className}"`);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(Array.from(predictArray(loaded, x))).toEqual(Array.from(predictArray(model, x)));
    const loadedHead = loaded.layers[1];
    expect(loadedHead).toBeInstanceOf(entry.cls);
    expect(loadedHead.getConfig()).toEqual(head.getConfig());
    entry.save.check?.(artifacts, head, loadedHead);
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('rebuilds from its JSON config', () => {
    const head = entry.rebuild.make();
    const cls = entry.cls as unknown as typeof tfl.layers.Layer;
    const copy = cls.fromConfig(
      cls as unknown as tf.serialization.SerializableConstructor<tfl.layers.Layer>,
      JSON.parse(JSON.stringify(head.getConfig())),
    );
    expect(copy).toBeInstanceOf(entry.cls);
    expect(copy.getConfig()).toEqual(head.getConfig());
    entry.rebuild.check?.(copy);
  });

  it('lets gradients reach every trainable weight', () => {
    const model = modelAround(entry.gradient.make(), entry.gradient.shape);
    const x = inputOf(entry.gradient);
    expect(expectGradientsReachEveryWeight(model, x)).toEqual(entry.gradient.weights);
    x.dispose();
    model.dispose();
  });

  it('does not leak tensors in predict or fit', async () => {
    const { leak } = entry;
    const model = modelAround(leak.make(), leak.shape);
    const optimizer =
      leak.optimizer === 'adam'
        ? tf.train.adam(leak.learningRate)
        : tf.train.sgd(leak.learningRate);
    model.compile({ optimizer, loss: sigmoidCrossEntropy });
    const x = inputOf(leak);
    const y = tf.tensor2d(leak.y);
    await expectNoLeakedTensors(() => model.predict(x));
    await expectNoLeakedTensors(async () => {
      await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    });
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
