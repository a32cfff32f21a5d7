/**
 * The heads register themselves with tfjs when `tfjs-multilabel/layers` loads, so a model saved
 * with them loads in a fresh process that imported only a factory, as ESM, as CJS, and through
 * a bundler that honours package.json `sideEffects` (esbuild). Run after `npm run build`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageJson, root, temporaryFolder } from '../project.js';

const folder = temporaryFolder('tfjs-multilabel-heads-');
let dir = '';

/** Makes `<dir>/<name>`: a project with the built package and tfjs installed. */
function consumer(name: string, sideEffects?: unknown): string {
  const project = join(dir, name);
  const installed = join(project, 'node_modules', 'tfjs-multilabel');
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
  const pkg = { ...packageJson };
  if (sideEffects !== undefined) pkg.sideEffects = sideEffects;
  writeFileSync(join(installed, 'package.json'), JSON.stringify(pkg, null, 2));
  symlinkSync(
    join(root, 'node_modules', '@tensorflow'),
    join(project, 'node_modules', '@tensorflow'),
    'dir',
  );
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
  return project;
}

function run(cwd: string, file: string): string {
  // stderr is captured: tfjs prints a banner about its Node backend there.
  return execFileSync(process.execPath, [file], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Loads `model.json` from `dir`, predicts on the fixed input and prints the outputs. */
const loadAndPredict = (modelFile: string) => `
  await tf.setBackend('cpu');
  const saved = JSON.parse(readFileSync(${JSON.stringify(modelFile)}, 'utf8'));
  const model = await tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: saved.modelTopology,
    weightSpecs: saved.weightSpecs,
    weightData: new Uint8Array(Buffer.from(saved.weightData, 'base64')).buffer,
  }));
  const x = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 4);
  const ys = model.predict(x);
  console.log(JSON.stringify(ys.map((y) => Array.from(y.dataSync()))));`;

const esmPrelude = `
  import { readFileSync } from 'node:fs';
  import * as tf from '@tensorflow/tfjs-core';
  import '@tensorflow/tfjs-backend-cpu';
  import * as tfl from '@tensorflow/tfjs-layers';`;

let expected = '';
let modelFile = '';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'layers.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the package tests.');
  }
  dir = folder();
  const project = consumer('saver');
  modelFile = join(dir, 'model.json');
  writeFileSync(
    join(project, 'save.mjs'),
    `${esmPrelude}
    import { writeFileSync } from 'node:fs';
    import { csraHead, labelAttentionHead, labelGraphHead } from 'tfjs-multilabel/layers';
    await tf.setBackend('cpu');
    const image = tfl.input({ shape: [6, 6, 2] });
    const features = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same',
      activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(image);
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(features);
    const adjacency = [[1, 0.6, 0], [0.5, 1, 0.2], [0, 0.7, 1]];
    const outputs = [
      labelGraphHead({ adjacency, hiddenUnits: [5], seed: 1 }).apply(pooled),
      csraHead({ units: 3, temperatures: [1, Infinity], seed: 2 }).apply(features),
      labelAttentionHead({ units: 3, numHeads: 2, keyDim: 2, seed: 3 }).apply(features),
    ];
    const model = tfl.model({ inputs: image, outputs });
    await model.save(tf.io.withSaveHandler(async (a) => {
      const data = Array.isArray(a.weightData) ? Buffer.concat(a.weightData.map((b) => Buffer.from(b))) : Buffer.from(a.weightData);
      writeFileSync(${JSON.stringify(modelFile)}, JSON.stringify({
        modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: data.toString('base64') }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const x = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 4);
    console.log(JSON.stringify(model.predict(x).map((y) => Array.from(y.dataSync()))));`,
  );
  expected = run(project, 'save.mjs').trim();
}, 120_000);

describe('a saved model with every head loads in a fresh process', () => {
  it('wrote three outputs of [2, 3] logits', () => {
    const outputs = JSON.parse(expected) as number[][];
    expect(outputs.map((o) => o.length)).toEqual([6, 6, 6]);
    expect(outputs.flat().every(Number.isFinite)).toBe(true);
  });

  it('as ESM, importing only one factory', () => {
    const project = consumer('esm');
    writeFileSync(
      join(project, 'load.mjs'),
      `${esmPrelude}
      import { labelGraphHead } from 'tfjs-multilabel/layers';
      ${loadAndPredict(modelFile)}`,
    );
    expect(run(project, 'load.mjs').trim()).toBe(expected);
  });

  it('as CJS, requiring only one factory', () => {
    const project = consumer('cjs');
    writeFileSync(
      join(project, 'load.cjs'),
      `const { readFileSync } = require('node:fs');
      const tf = require('@tensorflow/tfjs-core');
      require('@tensorflow/tfjs-backend-cpu');
      const tfl = require('@tensorflow/tfjs-layers');
      const { labelGraphHead } = require('tfjs-multilabel/layers');
      (async () => { ${loadAndPredict(modelFile)} })();`,
    );
    expect(run(project, 'load.cjs').trim()).toBe(expected);
  });

  it('fails with "Unknown layer" when the library is not imported at all (the control)', () => {
    const project = consumer('none');
    writeFileSync(join(project, 'load.mjs'), `${esmPrelude}${loadAndPredict(modelFile)}`);
    const result = spawnSync(process.execPath, ['load.mjs'], { cwd: project, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unknown layer: TfjsMultilabel/);
  });
});

describe('bundled with esbuild (which honours package.json sideEffects)', () => {
  async function bundle(project: string, imports: string): Promise<string> {
    const entry = join(project, 'entry.mjs');
    writeFileSync(entry, `${esmPrelude}\n${imports}\n${loadAndPredict(modelFile)}`);
    const out = join(project, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: out,
      external: ['@tensorflow/*'],
      logLevel: 'silent',
    });
    return readFileSync(out, 'utf8');
  }

  it.each([
    ['a bare import', `import 'tfjs-multilabel/layers';`],
    ['an unused factory import', `import { csraHead } from 'tfjs-multilabel/layers';`],
    [
      'a factory used from the root',
      `import { csraHead } from 'tfjs-multilabel'; globalThis.keep = csraHead;`,
    ],
  ])('keeps the registration for %s', async (name, imports) => {
    const project = consumer(`bundle-${name.replaceAll(' ', '-')}`);
    const code = await bundle(project, imports);
    expect(code).toContain('registerClass(');
    expect(run(project, 'bundle.mjs').trim()).toBe(expected);
  });

  it('would drop it under `sideEffects: false` (why package.json lists the layer files)', async () => {
    const project = consumer('bundle-side-effects-false', false);
    const code = await bundle(project, `import 'tfjs-multilabel/layers';`);
    expect(code).not.toContain('registerClass(');
    const result = spawnSync(process.execPath, ['bundle.mjs'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toMatch(/Unknown layer: TfjsMultilabel/);
  });

  it('drops the heads of the root entry when the bundle uses none of them (loading only needs the ./layers import)', async () => {
    const project = consumer('bundle-root-unused');
    const code = await bundle(project, `import { csraHead } from 'tfjs-multilabel';`);
    expect(code).not.toContain('registerClass(');
    const result = spawnSync(process.execPath, ['bundle.mjs'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toMatch(/Unknown layer: TfjsMultilabel/);
  });

  it('leaves the layers out of a bundle that uses only an array-only subpath', async () => {
    const project = consumer('bundle-metrics');
    const entry = join(project, 'metrics.mjs');
    writeFileSync(
      entry,
      `import { isMultilabelError } from 'tfjs-multilabel/metrics'; console.log(isMultilabelError(1));`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      external: ['@tensorflow/*'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    expect(code).toContain('isMultilabelError');
    expect(code).not.toContain('registerClass(');
    expect(code).not.toContain('@tensorflow/');
  });
});
