/**
 * examples/browser in Debian's Chromium: bundles the page against the built package, serves it,
 * waits for training on the webgl backend to finish, checks the numbers the page shows against
 * the library's metrics recomputed here from the page's own scores, and saves a screenshot
 * (examples/browser/dist/screenshot.png).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { root } from '../project.js';

const exampleDir = join(root, 'examples', 'browser');
const screenshot = join(exampleDir, 'dist', 'screenshot.png');
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

interface TrainingResult {
  backend: string;
  epochs: number;
  losses: number[];
  labels: string[];
  yTrue: number[];
  scores: number[];
  shape: [number, number];
  tensorsLeft: number;
}

/** The built package, as the page uses it (loaded once `npm run build` has made it). */
let metrics: typeof import('../../src/metrics/index.js');
let server: Server;
let browser: Browser;
let page: Page;
let result: TrainingResult;
const consoleErrors: string[] = [];

beforeAll(async () => {
  metrics = await import(pathToFileURL(join(root, 'dist', 'metrics.js')).href);
  execFileSync(process.execPath, [join(exampleDir, 'build.mjs')], { stdio: 'pipe' });
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(exampleDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(exampleDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  page = await browser.newPage({ viewport: { width: 900, height: 820 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.status ?? ''), {
    timeout: 150_000,
  });
  const error = await page.evaluate(() => (window as { trainingError?: string }).trainingError);
  if (error) throw new Error(`the page failed: ${error}`);
  result = await page.evaluate(
    () => (window as unknown as { trainingResult: TrainingResult }).trainingResult,
  );
  await page.screenshot({ path: screenshot, fullPage: true });
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const text = async (id: string): Promise<string> =>
  (await page.locator(`#${id}`).textContent()) ?? '';

/** The page's labels, its final scores and their decisions at 0.5, as `{ data, shape }`. */
function pageMatrices() {
  const [rows, cols] = result.shape;
  const yTrue = { data: result.yTrue, shape: [rows, cols] as [number, number] };
  const scores = { data: result.scores, shape: [rows, cols] as [number, number] };
  const yPred = { data: result.scores.map((s) => (s >= 0.5 ? 1 : 0)), shape: scores.shape };
  return { yTrue, scores, yPred };
}

describe('examples/browser in Chromium', () => {
  it('trained on the webgl backend for every epoch, the loss falling, no tensor left', async () => {
    expect(result.backend).toBe('webgl');
    expect(await text('backend')).toBe('webgl');
    expect(result.epochs).toBe(30);
    expect(await text('epoch')).toBe('30');
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(result.losses.at(-1)).toBeLessThan(result.losses[0] * 0.5);
    expect(result.tensorsLeft).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the metrics of its final scores, as the library computes them here', async () => {
    const { yTrue, scores, yPred } = pageMatrices();
    const f1Micro = metrics.f1Score(yTrue, yPred, { average: 'micro' });
    expect(await text('f1-micro')).toBe(f1Micro.toFixed(3));
    expect(await text('f1-macro')).toBe(
      metrics.f1Score(yTrue, yPred, { average: 'macro' }).toFixed(3),
    );
    expect(await text('hamming-loss')).toBe(metrics.hammingLoss(yTrue, yPred).toFixed(3));
    expect(await text('ap-macro')).toBe(
      metrics.averagePrecisionScore(yTrue, scores, { average: 'macro' }).toFixed(3),
    );
    // The model learned the four linear rules.
    expect(f1Micro).toBeGreaterThan(0.85);
    expect(metrics.averagePrecisionScore(yTrue, scores, { average: 'macro' })).toBeGreaterThan(0.9);
  });

  it('has one table row per label with its support, precision, recall, F1 and AP', async () => {
    const { yTrue, scores, yPred } = pageMatrices();
    const cols = result.shape[1];
    const prf = metrics.precisionRecallFscoreSupport(yTrue, yPred, { average: 'none' });
    const ap = metrics.averagePrecisionScore(yTrue, scores, { average: 'none' });
    const table = await page
      .locator('#per-label tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
      );
    expect(table).toEqual(
      result.labels.map((label, l) => [
        label,
        String(prf.support[l]),
        prf.precision[l].toFixed(3),
        prf.recall[l].toFixed(3),
        prf.fScore[l].toFixed(3),
        ap[l].toFixed(3),
      ]),
    );
    // The support column counts the positives of each label.
    const positives = result.labels.map(
      (_, l) => result.yTrue.filter((v, i) => i % cols === l && v === 1).length,
    );
    expect(Array.from(prf.support)).toEqual(positives);
  });

  it('saved a screenshot of the trained page', () => {
    expect(existsSync(screenshot)).toBe(true);
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
  });
});
