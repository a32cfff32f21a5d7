/**
 * 0/1 matrices written as bit strings, one string per row: `bitRows('101 010')` is
 * `[[1, 0, 1], [0, 1, 0]]`. Label matrices of a few columns read best this way (a row's labels
 * side by side, the whole matrix on one line).
 */

/** Rows of 0/1 cells from bit strings separated by spaces. */
export function bitRows(text: string): number[][] {
  return text.split(' ').map((row) => Array.from(row, Number));
}
