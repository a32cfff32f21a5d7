import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './leak-guard.js';

await tf.setBackend('cpu');
await tf.ready();
