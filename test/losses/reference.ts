/**
 * Float64 reference implementations of the losses, written straight from the published
 * formulas with plain loops (no tensors), for value and finite-difference gradient checks.
 * Inputs are row arrays; labels may hold the `ignoreIndex` (masked cells).
 */

export interface ReferenceOptions {
  fromLogits?: boolean;
  reduction?: 'mean' | 'sum' | 'none';
  labelSmoothing?: number;
  ignoreIndex?: number;
  posWeight?: number | number[];
  labelWeights?: number | number[];
  alpha?: number | number[];
  gamma?: number;
  applyClassBalancing?: boolean;
  gammaNeg?: number;
  gammaPos?: number;
  clip?: number;
  average?: 'macro' | 'micro';
  assumeNegative?: { smoothing?: number; weight?: number };
  lambda?: number;
  margin?: number;
  tau?: number;
  changeEpoch?: number;
  deltaRate?: number;
  maxRate?: number;
  correct?: boolean;
  /** The epoch of a loss with epoch state (largeLossRejection); 0 when left out. */
  epoch?: number;
}

const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
const perLabel = (v: number | number[] | undefined, c: number, fallback: number): number =>
  v === undefined ? fallback : typeof v === 'number' ? v : v[c];

/** Per-unit values and the number of units that count (for the mean). */
interface Units {
  values: number[];
  counted: number;
}

/** Logit of a probability clipped as Keras does (float32 bounds). */
function toLogit(p: number): number {
  const c = Math.min(Math.max(p, Math.fround(1e-7)), Math.fround(1 - 1e-7));
  return Math.log(c) - Math.log1p(-c);
}

interface Cell {
  x: number;
  y: number;
  c: number;
}

function cells(yTrue: number[][], yPred: number[][], o: ReferenceOptions, logits: boolean) {
  const ls = o.labelSmoothing ?? 0;
  const t = o.assumeNegative?.smoothing ?? 0;
  const out: (Cell | undefined)[][] = [];
  for (let r = 0; r < yTrue.length; r++) {
    out.push(
      yTrue[r].map((v, c) => {
        if (o.ignoreIndex !== undefined && (v === o.ignoreIndex || Number.isNaN(v)))
          return undefined;
        const raw = yPred[r][c];
        const x = logits && o.fromLogits === false ? toLogit(raw) : raw;
        return { x, y: (t + (1 - t) * v) * (1 - ls) + 0.5 * ls, c };
      }),
    );
  }
  return out;
}

function elementwise(
  yTrue: number[][],
  yPred: number[][],
  o: ReferenceOptions,
  cell: (x: number, y: number, c: number) => number,
): Units {
  const values: number[] = [];
  let counted = 0;
  for (const row of cells(yTrue, yPred, o, true)) {
    for (const k of row) {
      if (k === undefined) {
        values.push(0);
        continue;
      }
      counted++;
      values.push(cell(k.x, k.y, k.c));
    }
  }
  return { values, counted };
}

function weightedBce(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  return elementwise(yTrue, yPred, o, (x, y, c) => {
    const w = perLabel(o.labelWeights, c, 1);
    const p = perLabel(o.posWeight, c, 1);
    const v = o.assumeNegative?.weight ?? 1;
    return w * (p * y * softplus(-x) + v * (1 - y) * softplus(x));
  });
}

function focal(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const gamma = o.gamma ?? 2;
  return elementwise(yTrue, yPred, o, (x, y, c) => {
    const p = sigmoid(x);
    const oneMinusPt = y * (1 - p) + (1 - y) * p;
    const bce = y * softplus(-x) + (1 - y) * softplus(x);
    const alpha = perLabel(o.alpha, c, 0.25);
    const v = o.assumeNegative?.weight ?? 1;
    const balance =
      o.applyClassBalancing === true ? alpha * y + v * (1 - alpha) * (1 - y) : y + v * (1 - y);
    return balance * oneMinusPt ** gamma * bce;
  });
}

function asl(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const gNeg = o.gammaNeg ?? 4;
  const gPos = o.gammaPos ?? 1;
  const m = o.clip ?? 0.05;
  return elementwise(yTrue, yPred, o, (x, y) => {
    const p = sigmoid(x);
    const pos = (1 - p) ** gPos * softplus(-x);
    const pm = Math.max(p - m, 0);
    const neg = m > 0 ? pm ** gNeg * -Math.log1p(-pm) : p ** gNeg * softplus(x);
    return y * pos + (1 - y) * neg;
  });
}

function zlpr(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const values: number[] = [];
  let counted = 0;
  for (const row of cells(yTrue, yPred, o, true)) {
    const present = row.filter((k): k is Cell => k !== undefined);
    if (present.length > 0) counted++;
    // log(1 + sum (1 - y) e^x) + log(1 + sum y e^-x), shifted by the largest exponent.
    const lse0 = (terms: { w: number; z: number }[]): number => {
      const live = terms.filter((t) => t.w > 0);
      const m = Math.max(0, ...live.map((t) => t.z));
      return m + Math.log(Math.exp(-m) + live.reduce((s, t) => s + t.w * Math.exp(t.z - m), 0));
    };
    values.push(
      lse0(present.map((k) => ({ w: 1 - k.y, z: k.x }))) +
        lse0(present.map((k) => ({ w: k.y, z: -k.x }))),
    );
  }
  return { values, counted };
}

/** a / b, with 0 / 0 = 0 (a label with no mass at all has F1 = 0). */
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function softF1(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const cols = yTrue[0].length;
  const tp = new Array<number>(cols).fill(0);
  const fp = new Array<number>(cols).fill(0);
  const fn = new Array<number>(cols).fill(0);
  const present = new Array<boolean>(cols).fill(false);
  for (const row of cells(yTrue, yPred, o, false)) {
    for (const k of row) {
      if (k === undefined) continue;
      const s = o.fromLogits === false ? k.x : sigmoid(k.x);
      tp[k.c] += s * k.y;
      fp[k.c] += s * (1 - k.y);
      fn[k.c] += (1 - s) * k.y;
      present[k.c] = true;
    }
  }
  if (o.average === 'micro') {
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    const f1 = ratio(2 * sum(tp), 2 * sum(tp) + sum(fp) + sum(fn));
    return { values: [present.some(Boolean) ? 1 - f1 : 0], counted: 1 };
  }
  const values = tp.map((t, c) => (present[c] ? 1 - ratio(2 * t, 2 * t + fp[c] + fn[c]) : 0));
  return { values, counted: present.filter(Boolean).length };
}

/** sigmoid(u)^gamma softplus(u): the focal loss of a cell scored at the signed logit u. */
const focalTerm = (u: number, gamma: number): number => sigmoid(u) ** gamma * softplus(u);

/** Zhang et al. 2021, eq. for Hill: y (1 - p_m)^gamma (-log p_m) + (1 - y)(lambda - p) p^2. */
function hill(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const lambda = o.lambda ?? 1.5;
  const m = o.margin ?? 1;
  const gamma = o.gamma ?? 2;
  return elementwise(yTrue, yPred, o, (x, y) => {
    const p = sigmoid(x);
    const pm = sigmoid(x - m);
    return y * (1 - pm) ** gamma * softplus(m - x) + (1 - y) * (lambda - p) * p * p;
  });
}

/** Zhang et al. 2021, SPLC with the focal margin loss; the epoch is taken to be 0. */
function splc(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const tau = o.tau ?? 0.6;
  const m = o.margin ?? 1;
  const gamma = o.gamma ?? 2;
  const correcting = (o.changeEpoch ?? 1) === 0;
  return elementwise(yTrue, yPred, o, (x, y) => {
    const corrected = correcting && sigmoid(x) > tau;
    const negative = corrected ? focalTerm(-x, gamma) : focalTerm(x, gamma);
    return y * focalTerm(m - x, gamma) + (1 - y) * negative;
  });
}

/**
 * Kim et al. 2022, large-loss rejection over binary cross-entropy, per cell with its slope
 * d loss / d logit: the 0 labels sorted by their logit (the order of their loss softplus(x),
 * without the ties that rounding the loss would add), the k = ceil(r n) largest (and any equal
 * to the k-th) rejected, r = min(epoch deltaRate, maxRate) and n the cells that count.
 */
export function largeLossCells(
  yTrue: number[][],
  yPred: number[][],
  o: ReferenceOptions,
): { cells: ({ loss: number; slope: number } | undefined)[]; counted: number } {
  const all = cells(yTrue, yPred, o, true).flat();
  const counted = all.filter((cell) => cell !== undefined).length;
  const rate = Math.min((o.epoch ?? 0) * (o.deltaRate ?? 0.002), o.maxRate ?? 1);
  const k = Math.ceil(Number((rate * counted).toPrecision(12)));
  const zeroLogits = all
    .filter((cell) => cell !== undefined && cell.y === 0)
    .map((cell) => (cell as Cell).x)
    .sort((a, b) => b - a);
  const cut = k === 0 ? Infinity : zeroLogits[Math.min(k, zeroLogits.length) - 1];
  const out = all.map((cell) => {
    if (cell === undefined) return undefined;
    const rejected = cell.y === 0 && cell.x >= cut;
    if (rejected && o.correct !== true) return { loss: 0, slope: 0 };
    const sign = cell.y === 1 || rejected ? -1 : 1;
    return { loss: softplus(sign * cell.x), slope: sign * sigmoid(sign * cell.x) };
  });
  return { cells: out, counted };
}

function largeLoss(yTrue: number[][], yPred: number[][], o: ReferenceOptions): Units {
  const { cells: out, counted } = largeLossCells(yTrue, yPred, o);
  return { values: out.map((cell) => cell?.loss ?? 0), counted };
}

const losses = {
  weightedBinaryCrossentropy: weightedBce,
  binaryFocalCrossentropy: focal,
  asymmetricLoss: asl,
  multilabelSoftmaxLoss: zlpr,
  softF1Loss: softF1,
  hillLoss: hill,
  splcLoss: splc,
  largeLossRejection: largeLoss,
};

/**
 * The loss `name` in float64, reduced as `o.reduction` says, or weighted by `weights` (one per
 * unit) when the reduction is `'none'` (a scalar that tests the per-unit gradient path).
 */
export function referenceLoss(
  name: keyof typeof losses,
  yTrue: number[][],
  yPred: number[][],
  o: ReferenceOptions,
  weights?: number[],
): number {
  const { values, counted } = losses[name](yTrue, yPred, o);
  const total = values.reduce((s, v, i) => s + v * (weights?.[i] ?? 1), 0);
  return o.reduction === 'mean' || o.reduction === undefined ? total / Math.max(counted, 1) : total;
}

/** The per-unit values of the loss `name` (the `'none'` reduction), in float64. */
export function referenceUnits(
  name: keyof typeof losses,
  yTrue: number[][],
  yPred: number[][],
  o: ReferenceOptions,
): number[] {
  return losses[name](yTrue, yPred, o).values;
}

/** Central finite differences of `f` at `x` (row arrays), step `h` relative to each value. */
export function finiteDifferences(f: (x: number[][]) => number, x: number[][], h = 1e-6): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length; r++) {
    for (let c = 0; c < x[r].length; c++) {
      const v = x[r][c];
      const step = h * Math.max(1, Math.abs(v));
      const plus = x.map((row) => row.slice());
      const minus = x.map((row) => row.slice());
      plus[r][c] = v + step;
      minus[r][c] = v - step;
      out.push((f(plus) - f(minus)) / (2 * step));
    }
  }
  return out;
}
