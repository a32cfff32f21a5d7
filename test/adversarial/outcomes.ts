/** The expectations an entry's cases share (see `Case` in harness.ts). */

/** The expectation of input that breaks the contract (`why`: the rule it breaks); no reference. */
export function mustThrow(why: string) {
  return { expected: undefined, expect: 'error' as const, why };
}

/**
 * The expectation of valid input with a reference: its value when the float64 reference is
 * `exact` (reason `why`); otherwise (extreme input, reason `extremeWhy`) only the contract.
 */
export function referenceOutcome<T>(expected: T, exact: boolean, why: string, extremeWhy: string) {
  return exact
    ? { expected, expect: 'value' as const, why }
    : { expected: undefined, expect: 'either' as const, why: extremeWhy };
}
