/**
 * The small labelled problem of the bootstrap tests: eight rows of three labels, two models'
 * predictions and scores, written as bit strings (`'101'` is the row [1, 0, 1]).
 */

import { bitRows } from '../bits.js';

export const LABELS = bitRows('101 010 110 001 100 011 111 000');
/** A model that misses some labels and adds a few. */
export const MODEL_A = bitRows('100 010 100 001 110 011 101 010');
/** A model closer to the labels than A. */
export const MODEL_B = bitRows('101 010 110 001 100 010 111 000');
/** Scores whose order agrees with the labels on most cells. */
export const SCORES = LABELS.map((row, r) => row.map((v, j) => (v + ((r + 3 * j) % 5) / 5) / 2));
