/** The metric exports the registry groups by the kind of their second matrix. */
export const COUNT_METRICS = [
  'hammingLoss',
  'subsetAccuracy',
  'zeroOneLoss',
  'precisionScore',
  'recallScore',
  'f1Score',
  'fbetaScore',
  'jaccardScore',
  'specificityScore',
] as const;

export const RANKING_METRICS = [
  'averagePrecisionScore',
  'rocAucScore',
  'labelRankingAveragePrecision',
  'coverageError',
  'labelRankingLoss',
  'oneError',
  'ndcgScore',
  'precisionAtK',
  'recallAtK',
  'ndcgAtK',
  'propensityScoredPrecisionAtK',
  'propensityScoredNdcgAtK',
] as const;
