/**
 * Each head registers itself once, under its prefixed class name; the `./layers` entry only
 * checks the registration (its call keeps the heads in a bundle of that entry).
 */
import { serialization } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkHeadsRegistered } from '../../src/layers/head-registration.js';
import {
  ClassSpecificResidualAttention,
  LabelAttentionHead,
  LabelGraphHead,
} from '../../src/layers/index.js';
import { codeOf } from '../error-code.js';

const heads = [ClassSpecificResidualAttention, LabelAttentionHead, LabelGraphHead];

describe('head registration', () => {
  it('maps each prefixed class name to its class', () => {
    const registered = serialization.SerializationMap.getMap().classNameMap;
    expect(heads.map((cls) => cls.className)).toEqual([
      'TfjsMultilabelClassSpecificResidualAttention',
      'TfjsMultilabelLabelAttentionHead',
      'TfjsMultilabelLabelGraphHead',
    ]);
    for (const cls of heads) expect(registered[cls.className]?.[0]).toBe(cls);
    expect(() => checkHeadsRegistered(heads)).not.toThrow();
  });

  it('reports another class registered under a head name', () => {
    const registered = serialization.SerializationMap.getMap().classNameMap;
    const name = LabelGraphHead.className;
    const own = registered[name];
    class Impostor extends serialization.Serializable {
      static className = name;
      getConfig(): serialization.ConfigDict {
        return {};
      }
    }
    registered[name] = [Impostor, Impostor.fromConfig];
    try {
      expect(codeOf(() => checkHeadsRegistered(heads))).toBe('INVALID_ARGUMENT');
    } finally {
      registered[name] = own;
    }
    expect(() => checkHeadsRegistered(heads)).not.toThrow();
  });
});
