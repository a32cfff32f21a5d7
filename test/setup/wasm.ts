import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import './leak-guard.js';

await tf.setBackend('wasm');
await tf.ready();
