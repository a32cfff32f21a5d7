/**
 * Two rows of three labels that the tests of extreme weights and propensities share: every
 * label has a positive, each row a negative, and the scores rank the labels imperfectly.
 */
export const twoRows = {
  yTrue: [
    [1, 0, 1],
    [0, 1, 1],
  ],
  yPred: [
    [1, 0, 0],
    [0, 1, 1],
  ],
  yScore: [
    [0.9, 0.2, 0.4],
    [0.3, 0.8, 0.7],
  ],
};
