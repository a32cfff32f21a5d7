import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import './leak-guard.js';

const ok = await tf.setBackend('webgl');
if (!ok)
  throw new Error('The webgl backend failed to initialise in this browser (is WebGL enabled?).');
await tf.ready();
