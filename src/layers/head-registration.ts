import { serialization } from '@tensorflow/tfjs-core';
import { MultilabelError } from '../core/errors.js';

/** The package part of every head's registered name: `TfjsMultilabel>LabelGraphHead`. */
const PACKAGE = 'TfjsMultilabel';

/** A head class as tfjs registers it: a constructor with a static `className`. */
type HeadClass = serialization.SerializableConstructor<serialization.Serializable>;

/**
 * Registers a head class with tfjs under its `className` (which starts with `TfjsMultilabel`),
 * so `tf.loadLayersModel` can rebuild it. Each head calls this once, from a static block: the
 * class registers itself wherever it is evaluated (the `./layers` entry, the root entry, a
 * bundle that keeps the class).
 *
 * @internal
 */
export function registerHead(cls: HeadClass): void {
  serialization.registerClass(cls, PACKAGE, cls.className.slice(PACKAGE.length));
}

/**
 * Checks that tfjs rebuilds each of `heads` from its saved class name. It registers nothing
 * (each class did so when it was evaluated); the `./layers` entry calls it so that a bundler
 * keeps the heads' shared code, and with it their registration, in a bundle that only imports
 * the entry (`import 'tfjs-multilabel/layers'`).
 *
 * @internal
 */
export function checkHeadsRegistered(heads: readonly HeadClass[]): void {
  const registered = serialization.SerializationMap.getMap().classNameMap;
  for (const cls of heads) {
    if (registered[cls.className]?.[0] !== cls) {
      throw new MultilabelError(
        'INVALID_ARGUMENT',
        `Another class is registered with tfjs under \`${cls.className}\`; load one copy of tfjs-multilabel, and register no other layer under that name.`,
      );
    }
  }
}
