/**
 * Splitting and describing multi-label data: iterative stratification, split quality, label statistics, ARFF. Never loads tfjs.
 *
 * @module data
 */
export * from '../core/index.js';
