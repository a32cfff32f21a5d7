import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import './leak-guard.js';

tf.env().set('IS_TEST', true);
await tf.setBackend('wasm');
await tf.ready();
