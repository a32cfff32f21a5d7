import { MultilabelError } from '../core/errors.js';
import { isNumericArrayLike } from '../core/matrix-input.js';
import { readSerialHeader } from '../core/serial-state.js';
import { valueText } from '../core/value-text.js';
import type { LabelCalibration } from './calibrator.js';

/**
 * The checks of a {@link Calibrator}'s maps, given to its constructor or read from its serial
 * form: each field of an untrusted value is checked and named in the error.
 *
 * @internal
 * @module
 */

const FORMAT = 'tfjs-multilabel.Calibrator';
const VERSION = 1;

function fail(
  message: string,
  code: 'INVALID_ARGUMENT' | 'PARSE_ERROR' = 'INVALID_ARGUMENT',
): never {
  throw new MultilabelError(code, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a key of `value` outside `keys`, and a missing one. */
function checkKeys(value: Record<string, unknown>, path: string, keys: readonly string[]): void {
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) fail(`\`${path}\` has no \`${key}\`.`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      fail(
        `\`${path}\` has an unknown field ${valueText(key)}; expected only ${keys.map((k) => `\`${k}\``).join(', ')}.`,
      );
    }
  }
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(`\`${path}\` is ${valueText(value)}; it must be a finite number.`);
  }
  return value + 0; // -0 as 0, as JSON writes it
}

/** The points of an isotonic map: scores strictly increasing, values non-decreasing in [0, 1]. */
function readPoints(x: unknown, y: unknown, path: string): [Float64Array, Float64Array] {
  for (const [value, key] of [
    [x, 'xThresholds'],
    [y, 'yThresholds'],
  ] as const) {
    if (!isNumericArrayLike(value) || value.length === 0) {
      fail(`\`${path}.${key}\` must be a non-empty array of numbers, but got ${valueText(value)}.`);
    }
  }
  const xs = x as ArrayLike<unknown>;
  const ys = y as ArrayLike<unknown>;
  if (xs.length !== ys.length) {
    fail(
      `\`${path}.xThresholds\` has ${xs.length} values but \`${path}.yThresholds\` has ${ys.length}; give one value per point.`,
    );
  }
  const outX = new Float64Array(xs.length);
  const outY = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    outX[i] = finite(xs[i], `${path}.xThresholds[${i}]`);
    const v = finite(ys[i], `${path}.yThresholds[${i}]`);
    if (v < 0 || v > 1) fail(`\`${path}.yThresholds[${i}]\` is ${v}; a probability is in [0, 1].`);
    outY[i] = v;
    if (i > 0 && !(outX[i] > outX[i - 1])) {
      fail(
        `\`${path}.xThresholds\` must increase strictly, but entry ${i} is ${outX[i]} after ${outX[i - 1]}.`,
      );
    }
    if (i > 0 && outY[i] < outY[i - 1]) {
      fail(
        `\`${path}.yThresholds\` must not decrease, but entry ${i} is ${outY[i]} after ${outY[i - 1]}.`,
      );
    }
  }
  return [outX, outY];
}

/** One label's map, checked and copied. */
function readLabelMap(value: unknown, path: string, serial: boolean): LabelCalibration {
  if (!isRecord(value))
    fail(`\`${path}\` must be an object with a \`method\`, but got ${valueText(value)}.`);
  const method = value.method;
  if (method === 'isotonic') {
    checkKeys(value, path, ['method', 'xThresholds', 'yThresholds']);
    const [xThresholds, yThresholds] = readPoints(value.xThresholds, value.yThresholds, path);
    return { method, xThresholds, yThresholds };
  }
  if (method === 'platt') {
    checkKeys(value, path, ['method', 'a', 'b']);
    return { method, a: finite(value.a, `${path}.a`), b: finite(value.b, `${path}.b`) };
  }
  if (method === 'temperature') {
    checkKeys(value, path, ['method', 'temperature']);
    const t =
      serial && value.temperature === 'Infinity' ? Number.POSITIVE_INFINITY : value.temperature;
    if (typeof t !== 'number' || !(t > 0)) {
      fail(
        `\`${path}.temperature\` is ${valueText(value.temperature)}; a temperature is a number > 0${serial ? " (or 'Infinity')" : ' (Infinity allowed)'}.`,
      );
    }
    return { method, temperature: t + 0 };
  }
  return fail(
    `\`${path}.method\` is ${valueText(method)}; expected 'isotonic', 'platt' or 'temperature'.`,
  );
}

/** The maps of a calibrator, checked and copied (`labels` of the constructor). @internal */
export function readLabelMaps(labels: unknown, path: string, serial = false): LabelCalibration[] {
  if (!Array.isArray(labels) || labels.length === 0) {
    fail(
      `\`${path}\` must be a non-empty array with one calibration map per label, but got ${valueText(labels)}.`,
    );
  }
  return labels.map((map, j) => readLabelMap(map, `${path}[${j}]`, serial));
}

/** The maps of a serial form written by `Calibrator.toJSON()` (an object or its JSON string). @internal */
export function readCalibratorJSON(json: unknown): LabelCalibration[] {
  const value = readSerialHeader(json, FORMAT, VERSION, 'Calibrator', 'calibrator');
  checkKeys(value, 'json', ['format', 'version', 'labels']);
  return readLabelMaps(value.labels, 'json.labels', true);
}
