/**
 * Small matrices written on one line. 0/1 matrices as bit strings, one string per row:
 * `bitRows('101 010')` is `[[1, 0, 1], [0, 1, 0]]`. Label matrices of a few columns read best
 * this way (a row's labels side by side, the whole matrix on one line). The scores that go
 * with them likewise, rows separated by commas: `scoreRows('0.9 0.2, 0.4 0.7')` is
 * `[[0.9, 0.2], [0.4, 0.7]]`, so that a small problem is two lines, labels over scores.
 */

/** Rows of 0/1 cells from bit strings separated by spaces. */
export function bitRows(text: string): number[][] {
  return text.split(' ').map((row) => Array.from(row, Number));
}

const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/;

/**
 * Rows of numbers: rows separated by `', '`, cells by one space, each cell a decimal literal
 * (read as JavaScript reads it). Throws on anything else, or on rows of different lengths.
 */
export function scoreRows(text: string): number[][] {
  const rows = text.split(', ').map((row) =>
    row.split(' ').map((cell) => {
      if (!DECIMAL.test(cell)) throw new Error(`scoreRows: '${cell}' is not a number`);
      return Number(cell);
    }),
  );
  if (rows.some((row) => row.length !== rows[0].length)) {
    throw new Error(`scoreRows: rows of different lengths in '${text}'`);
  }
  return rows;
}
