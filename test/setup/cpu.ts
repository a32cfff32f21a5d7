import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './leak-guard.js';

tf.env().set('IS_TEST', true);
await tf.setBackend('cpu');
await tf.ready();
