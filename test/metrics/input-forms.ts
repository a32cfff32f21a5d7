/**
 * The input forms of a metric matrix for the form-equality properties: number[][],
 * boolean[][] (0/1 matrices only) and `{data, shape}` over every typed array kind that holds
 * the values. The tensor forms are in properties.tf.test.ts.
 */
import type { MatrixInput } from '../../src/core/index.js';
import type { Rows } from './definitions.js';

type TypedArrayKind =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor;

/** Every numeric typed array kind (BigInt arrays are not accepted). */
export const TYPED_ARRAY_KINDS: readonly TypedArrayKind[] = [
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
];

/**
 * `rows` in every form that holds its values exactly: booleans only for a 0/1 matrix, unsigned
 * kinds only without negative values. `scores`: the matrix is scores, never booleans.
 */
export function inputForms(rows: Rows, scores = false): [string, MatrixInput][] {
  const flat = rows.flat();
  const shape: [number, number] = [rows.length, rows[0].length];
  const forms: [string, MatrixInput][] = [['number[][]', rows]];
  if (!scores && flat.every((v) => v === 0 || v === 1)) {
    forms.push(['boolean[][]', rows.map((row) => row.map((v) => v === 1))]);
  }
  for (const Kind of TYPED_ARRAY_KINDS) {
    const data = Kind.from(flat);
    if (data.every((v, i) => v === flat[i])) forms.push([Kind.name, { data, shape }]);
  }
  return forms;
}

/** The columns of `rows` in the order `order` (column `k` of the result is `order[k]`). */
export function permuteColumns(rows: Rows, order: readonly number[]): Rows {
  return rows.map((row) => order.map((j) => row[j]));
}

/**
 * Scores without ties inside a row: each score replaced by its rank in the row (ties broken by
 * column), which keeps every order the scores had. `small`: ranks 0..cells-1 over the whole
 * matrix instead (ties kept), integers that every typed array kind holds.
 */
export function untie(scores: Rows, small = false): Rows {
  if (small) {
    const distinct = [...new Set(scores.flat())].sort((a, b) => a - b);
    return scores.map((row) => row.map((v) => distinct.indexOf(v)));
  }
  return scores.map((row) => {
    const ranked = row.map((v, j) => [v, j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = new Array<number>(row.length);
    ranked.forEach(([, j], rank) => {
      out[j] = rank;
    });
    return out;
  });
}
