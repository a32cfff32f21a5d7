/**
 * Checks of the built package (run `npm run build` first): every subpath loads as ESM and as
 * CJS with the same export names, and the array-only subpaths load in a process where tfjs
 * cannot be resolved at all.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  packageJson as pkg,
  root,
  importPath as specifier,
  subpaths,
  temporaryFolder,
} from '../project.js';

/** Subpaths that promise to work with plain arrays and no tfjs installed. */
const arrayOnly = ['./metrics', './data', './thresholds', './calibration', './parallel'];
/**
 * Per array-only subpath: statements run against its module `m` (ESM and CJS) in a process
 * without tfjs; each throws unless a real call on plain arrays gives the right value.
 */
const plainArrayChecks: Record<string, string> = {
  './metrics': `
    const f1 = m.f1Score([[1, 0, 1], [0, 1, 1]], [[1, 0, 0], [0, 1, 1]], { average: 'micro' });
    if (f1 !== 6 / 7) throw new Error('f1Score on number[][] gave ' + f1);
    const auc = m.rocAucScore([[1, 0], [0, 1], [1, 1], [0, 0]], [[0.9, 0.2], [0.3, 0.7], [0.6, 0.4], [0.6, 0.5]], { average: 'none' });
    if (!(auc instanceof Float64Array) || auc[0] !== 0.875 || auc[1] !== 0.75) throw new Error('rocAucScore gave ' + auc);
    const stream = new m.MultilabelMetrics().update([[1, 0]], [[0.8, 0.1]]);
    if (stream.compute().f1.micro !== 1) throw new Error('MultilabelMetrics failed');`,
  './data': `
    const y = [[1, 0], [1, 1], [0, 1], [1, 0], [0, 1], [1, 1]];
    const folds = m.iterativeStratification(y, { nFolds: 2, seed: 1 });
    const q = m.splitQuality(y, folds);
    if (folds.length !== 6 || q.foldSizes[0] !== 3 || q.foldSizes[1] !== 3) throw new Error('bad folds');
    if (q.positivesPerFold.data.join() !== '2,2,2,2') throw new Error('not stratified: ' + q.positivesPerFold.data.join());
    const d = m.readArff("@relation 'r: -C 1'\\n@attribute l {0,1}\\n@attribute x numeric\\n@data\\n1,2.5\\n");
    if (d.labels.data[0] !== 1 || d.features.data[0] !== 2.5) throw new Error('bad ARFF');`,
  './thresholds': `
    const t = m.optimizeThresholds([[1, 0], [0, 1], [1, 1]], [[0.9, 0.2], [0.3, 0.8], [0.6, 0.7]], { strategy: 'perLabel' });
    if (t.score !== 1 || !(t.values[0] > 0.3 && t.values[0] <= 0.6)) throw new Error('optimizeThresholds gave ' + t.values + ' ' + t.score);
    const d = m.expectedF1Decision([[0.9, 0.6, 0.1]]);
    if (Array.from(d.data).join() !== '1,1,0') throw new Error('expectedF1Decision gave ' + Array.from(d.data));
    if (m.Thresholds.fromJSON(JSON.parse(JSON.stringify(t))).values[1] !== t.values[1]) throw new Error('JSON round trip');`,
  './calibration': `
    const c = m.plattScaling([[1], [0], [1], [0], [1], [1]], [[2], [-2], [1], [0.5], [-0.5], [-1]]);
    const map = c.labels[0];
    if (Math.abs(map.a + 0.37497679) > 1e-6 || Math.abs(map.b + 0.60420623) > 1e-6) throw new Error('plattScaling gave ' + JSON.stringify(map));
    const iso = m.isotonicCalibration([[0], [1], [0], [1]], [[0.1], [0.3], [0.6], [0.9]]);
    if (Array.from(iso.transform([[0.2], [2]]).data).join() !== '0.25,1') throw new Error('isotonicCalibration gave ' + JSON.stringify(iso));
    if (m.Calibrator.fromJSON(JSON.stringify(c)).transform([[1]]).data[0] !== c.transform([[1]]).data[0]) throw new Error('JSON round trip');`,
  // The built worker script is found next to the entry (a rejection ends the process with an error).
  './parallel': `
    const yTrue = [[1, 0, 1], [0, 1, 1], [1, 1, 0]];
    const yScore = [[0.9, 0.2, 0.6], [0.3, 0.4, 0.7], [0.5, 0.1, 0.2]];
    m.evaluateInParallel(yTrue, yScore, { workers: 2 }).then((r) => {
      if (r.f1.micro !== 0.8 || r.rows !== 3 || r.rocAuc.perLabel.length !== 3) throw new Error('evaluateInParallel gave ' + JSON.stringify(r));
    });`,
};

function node(cwd: string, code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
    cwd,
    encoding: 'utf8',
  });
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the package tests.');
  }
});

describe('built entries', () => {
  it('every exports entry has ESM, CJS and both declaration files', () => {
    for (const subpath of subpaths) {
      const entry = pkg.exports[subpath] as {
        import: { types: string; default: string };
        require: { types: string; default: string };
      };
      for (const file of [
        entry.import.types,
        entry.import.default,
        entry.require.types,
        entry.require.default,
      ]) {
        expect(existsSync(join(root, file)), `${subpath}: ${file}`).toBe(true);
      }
    }
  });

  it.each(subpaths)('%s loads as ESM and CJS with the same export names', (subpath) => {
    const name = specifier(subpath);
    // The package resolves itself by name through its own exports map.
    const esm = node(
      root,
      `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()));`,
      'module',
    );
    const cjs = node(
      root,
      `const m = require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule').sort()));`,
      'commonjs',
    );
    const esmNames = JSON.parse(esm) as string[];
    expect(esmNames.length).toBeGreaterThan(0);
    expect(JSON.parse(cjs)).toEqual(esmNames);
  });

  it('ESM and CJS builds recognise each other’s errors', () => {
    const code = `
      const esm = await import(${JSON.stringify(pkg.name)});
      const { createRequire } = await import('node:module');
      const cjs = createRequire(${JSON.stringify(join(root, 'package.json'))})(${JSON.stringify(pkg.name)});
      const e = new cjs.MultilabelError('EMPTY_INPUT', 'x');
      console.log(esm.isMultilabelError(e), e instanceof esm.MultilabelError);`;
    expect(node(root, code, 'module').trim()).toBe('true false');
  });
});

describe('array-only subpaths without tfjs', () => {
  const folder = temporaryFolder('tfjs-multilabel-no-tfjs-');
  let dir = '';

  beforeAll(() => {
    // A project with only this package installed: no @tensorflow/* anywhere on the resolution path.
    dir = folder();
    const installed = join(dir, 'node_modules', pkg.name);
    mkdirSync(installed, { recursive: true });
    cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(installed, 'package.json'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true }\n');
  });

  it('cannot resolve tfjs there (the control)', () => {
    const code = `try { require.resolve('@tensorflow/tfjs-core'); console.log('found'); } catch { console.log('missing'); }`;
    expect(node(dir, code, 'commonjs').trim()).toBe('missing');
  });

  it.each(arrayOnly)('%s loads and works with plain arrays (ESM and CJS)', (subpath) => {
    const name = JSON.stringify(specifier(subpath));
    const check = `
      const e = new m.MultilabelError('INVALID_OPTION', 'x');
      if (!m.isMultilabelError(e) || e.code !== 'INVALID_OPTION') throw new Error('bad error type');
      ${plainArrayChecks[subpath] ?? ''}
      console.log('ok');`;
    expect(node(dir, `const m = await import(${name});${check}`, 'module').trim()).toBe('ok');
    expect(node(dir, `const m = require(${name});${check}`, 'commonjs').trim()).toBe('ok');
  });
});
