import { MultilabelError } from '../core/errors.js';
import { valueText } from '../core/value-text.js';
import { type LabelName, sortLabels } from './label-names.js';
import type { BinarizerSettings } from './multi-label-binarizer-options.js';

/**
 * Checks the classes and pruned labels of a binarizer's serial state against its options:
 * given classes must be the state's classes; learned ones must be non-empty and, with
 * `order: 'sorted'`, in the order `fit` learns; pruned labels need learned classes with
 * `minCount` above 1 and must not be classes.
 *
 * @param classes The state's classes (`null`: not fitted).
 * @param pruned The state's pruned labels.
 * @param settings The options the state was read with.
 * @param given The given classes, when the options give them.
 * @throws {@link MultilabelError} `INVALID_ARGUMENT` naming the field of the state.
 * @internal
 */
export function checkSerialClasses(
  classes: LabelName[] | null,
  pruned: LabelName[],
  settings: BinarizerSettings,
  given: readonly LabelName[] | undefined,
): void {
  const bad = (message: string): never => {
    throw new MultilabelError('INVALID_ARGUMENT', message);
  };
  if (settings.given) {
    const names = given ?? [];
    if (
      classes === null ||
      classes.some((c, j) => c !== names[j]) ||
      classes.length !== names.length
    ) {
      bad('`json.classes` must equal `json.options.classes` (the given classes).');
    }
  } else if (classes !== null) {
    if (classes.length === 0) bad('`json.classes` is empty; a fitted binarizer has a class.');
    if (settings.order === 'sorted') {
      const sorted = sortLabels([...classes], () =>
        bad("`json.classes` mixes numbers and strings, which `order: 'sorted'` cannot learn."),
      );
      if (sorted.some((c, j) => c !== classes[j])) {
        bad("`json.classes` are not in the order `order: 'sorted'` learns.");
      }
    }
  }
  if (pruned.length === 0) return;
  if (classes === null || settings.given || settings.minCount === 1) {
    bad('`json.pruned` must be empty unless the classes were learned with `minCount` above 1.');
  }
  const classSet = new Set(classes);
  for (const label of pruned) {
    if (classSet.has(label)) bad(`\`json.pruned\` lists ${valueText(label)}, which is a class.`);
  }
}
