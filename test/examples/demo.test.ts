/**
 * `npm run demo` end to end in its fast mode (a few hundred images, one epoch, wasm backend),
 * then its report rendered in headless Chromium: every chart must be drawn.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../chromium.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'tfjs-multilabel-demo-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run demo (fast mode)', () => {
  let stdout = '';

  it('runs from the command line and prints the data, the epochs, the report path and the summary', async () => {
    ({ stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/demo/main.ts', '--fast', '--out', outDir],
      { cwd: root, timeout: 90_000 },
    ));
    expect(stdout).toMatch(/^data: 300 images of 28 x 28/m);
    expect(stdout).toMatch(/^epoch {2}1\/1 \[=+\]/m);
    expect(stdout).toContain('micro avg');
    expect(stdout).toMatch(/macro-F1 at 0\.5: \d\.\d{3}; with the tuned thresholds: \d\.\d{3}/);
    expect(stdout).toContain('decisions identical');
    expect(stdout).toMatch(
      /^calibration: classwise ECE \d\.\d{4} -> \d\.\d{4}; recall guarantee \(alpha 0\.1\): test miss rate \d\.\d{3}, \d+\.\d{2} labels per image$/m,
    );
    expect(stdout).toMatch(
      /^tuned macro-F1 \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]; tuned - 0\.5: -?\d\.\d{3} \[/m,
    );
    expect(stdout).toContain(`report: ${join(outDir, 'report.html')}`);
    const summary = stdout.trim().split('\n').at(-1) ?? '';
    expect(summary).toMatch(
      /^summary \(wasm, \d+ s\): test mAP \d\.\d{3}, LRAP \d\.\d{3}, micro-F1 \d\.\d{3}, macro-F1 \d\.\d{3} \(0\.5: \d\.\d{3}\), samples-F1 \d\.\d{3}, Hamming loss \d\.\d{3}$/,
    );
    expect(existsSync(join(outDir, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(outDir, 'model', 'weights.bin'))).toBe(true);
    const thresholds = JSON.parse(readFileSync(join(outDir, 'thresholds.json'), 'utf8'));
    expect(thresholds.values).toHaveLength(10);
  }, 120_000);

  it('trains on mixed batches with --mix, and rejects an unknown mix naming the choices', async () => {
    const mixed = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'examples/demo/main.ts',
        '--fast',
        '--mix',
        'cutmix',
        '--out',
        join(outDir, 'mixed'),
      ],
      { cwd: root, timeout: 90_000 },
    );
    expect(mixed.stdout).toMatch(
      /^training \d+ weights for 1 epochs on wasm, each batch mixed by cutmix:$/m,
    );
    expect(mixed.stdout).toMatch(/^summary \(wasm, \d+ s\): test mAP \d\.\d{3}/m);
    await expect(
      run(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts', '--mix', 'mosaic'], {
        cwd: root,
      }),
    ).rejects.toThrow(/--mix is none, mixup or cutmix, not 'mosaic'/);
  }, 120_000);

  it('rejects an unknown backend with a message naming the choices', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts', '--backend', 'webgpu'], {
        cwd: root,
      }),
    ).rejects.toThrow(/--backend is cpu or wasm, not 'webgpu'/);
  }, 60_000);

  it('prints its options for --help and exits 0, and exits 2 with the usage on an unknown option', async () => {
    const demo = (flag: string) =>
      run(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts', flag], { cwd: root });
    const help = await demo('--help');
    expect(help.stdout).toMatch(/^Usage: npm run demo -- \[options\]/);
    for (const option of [
      '--backend <cpu|wasm>',
      '--out <dir>',
      '--fast',
      '--mix <none|mixup|cutmix>',
      '-h, --help',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stderr).toBe('');
    const unknown = await demo('--epochs').catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(unknown).toMatchObject({ code: 2 });
    expect((unknown as { stderr: string }).stderr).toMatch(
      /Unknown option '--epochs'[\s\S]*Usage:/,
    );
    expect((unknown as { stderr: string }).stderr).not.toMatch(/\bat .*main\.ts/);
  }, 60_000);

  it('writes a report that Chromium draws: training curves, F1 bars, PR curves, thresholds, reliability', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(join(outDir, 'report.html')).href);
      const drawn = await page.evaluate(() => {
        const box = (selector: string) => {
          const element = document.querySelector(selector);
          if (element === null) return null;
          const { width, height } = element.getBoundingClientRect();
          return { width, height };
        };
        const count = (selector: string) => document.querySelectorAll(selector).length;
        const pathLength = (selector: string) =>
          Array.from(document.querySelectorAll<SVGPathElement>(selector)).map((p) =>
            p.getTotalLength(),
          );
        return {
          charts: Array.from(document.querySelectorAll('svg.chart')).map((svg) => svg.id),
          boxes: [
            '#chart-loss',
            '#chart-quality',
            '#chart-f1',
            '#chart-thresholds',
            '#chart-pr',
            '#chart-reliability',
          ].map(box),
          lossSeries: count('#chart-loss path.series'),
          lossPoints: count('#chart-loss circle.point'),
          qualitySeries: count('#chart-quality path.series'),
          f1Bars: count('#chart-f1 rect.bar'),
          thresholdBars: count('#chart-thresholds rect.bar'),
          thresholdReference: count('#chart-thresholds line.reference'),
          prCurves: pathLength('#chart-pr path.series'),
          prMarkers: count('#chart-pr circle.marker'),
          reliabilitySeries: count('#chart-reliability path.series'),
          trustRows: count('#trust tbody tr'),
          summaryRows: count('#summary tbody tr'),
          report: document.querySelector('#classification-report')?.textContent ?? '',
          external: Array.from(document.querySelectorAll('[src], link[href], image')).length,
        };
      });
      expect(drawn.charts).toEqual([
        'chart-loss',
        'chart-quality',
        'chart-f1',
        'chart-thresholds',
        'chart-pr',
        'chart-reliability',
      ]);
      for (const b of drawn.boxes) {
        expect(b?.width).toBeGreaterThan(400);
        expect(b?.height).toBeGreaterThan(250);
      }
      expect(drawn.lossSeries).toBe(1);
      expect(drawn.lossPoints).toBe(1);
      // val mAP, val macro-F1, val micro-F1 and the training micro-F1.
      expect(drawn.qualitySeries).toBe(4);
      expect(drawn.f1Bars).toBe(20);
      expect(drawn.thresholdBars).toBe(10);
      expect(drawn.thresholdReference).toBe(1);
      expect(drawn.prCurves).toHaveLength(10);
      for (const length of drawn.prCurves) expect(length).toBeGreaterThan(50);
      expect(drawn.prMarkers).toBe(10);
      expect(drawn.summaryRows).toBe(8);
      // The diagonal, the model's sigmoid and the calibrated probabilities.
      expect(drawn.reliabilitySeries).toBe(3);
      expect(drawn.trustRows).toBe(6);
      expect(drawn.report).toContain('digit 9');
      expect(drawn.external).toBe(0);
      expect(requests).toEqual([pathToFileURL(join(outDir, 'report.html')).href]);
      await page.screenshot({ path: join(outDir, 'report.png'), fullPage: true });
      expect(readFileSync(join(outDir, 'report.png')).length).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
