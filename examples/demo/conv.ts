/**
 * A 'same'-padded 2-D convolution + bias + ReLU that trains on every tfjs backend.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel (so `tf.layers.conv2d` cannot
 * train there), and the cpu backend's is slow. Both gradients are themselves convolutions, which
 * every backend runs fast. The input gradient convolves dy with the flipped kernel; the filter
 * gradient is:
 * dW[ky, kx, i, o] = sum over b, y, x of xpad[b, y + ky, x + kx, i] * dy[b, y, x, o], a 'valid'
 * convolution of the padded input (channels as batch) by dy (batch as channels). The layer is registered, so models that use it save and load.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/** Configuration of {@link Conv2DRelu}. */
export interface Conv2DReluArgs {
  /** Output channels. */
  filters: number;
  /** Odd kernel side (default 3). */
  kernelSize?: number;
  /** Seed of the He-normal kernel initialiser. */
  seed?: number;
  /** Layer name. */
  name?: string;
}

/** `tf.conv2d(x, w, 1, 'same')` for an odd kernel, with both gradients as forward convolutions. */
export function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const pad = (w.shape[0] - 1) / 2;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, kernel]);
    return {
      value: tf.conv2d(input, kernel, 1, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        // dx is the 'same' convolution of dy by the kernel turned 180 degrees with its input and
        // output channels swapped (faster than conv2dTranspose on wasm).
        const flipped = tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        const dx = tf.conv2d(dy as tf.Tensor4D, flipped, 1, 'same');
        const padded = tf.pad(xs, [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ]);
        const channelsAsBatch = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
        const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
        const dw = tf.transpose(tf.conv2d(channelsAsBatch, dyAsFilter, 1, 'valid'), [1, 2, 0, 3]);
        return [dx, dw];
      },
    };
  });
  return op(x, w) as tf.Tensor4D;
}

/** Convolution ('same' padding, stride 1) + bias + ReLU on `[batch, h, w, channels]`. */
export class Conv2DRelu extends tfl.layers.Layer {
  static className = 'DemoConv2DRelu';
  private readonly filters: number;
  private readonly kernelSize: number;
  private readonly seed: number | undefined;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: Conv2DReluArgs) {
    super({ name: args.name });
    this.filters = args.filters;
    this.kernelSize = args.kernelSize ?? 3;
    this.seed = args.seed;
    if (this.kernelSize % 2 !== 1) throw new RangeError('`kernelSize` must be odd.');
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[3] as number;
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, channels, this.filters],
      'float32',
      tfl.initializers.heNormal({ seed: this.seed }),
    );
    this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [...shape.slice(0, 3), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const w = (this.kernel as tfl.LayerVariable).read() as tf.Tensor4D;
      const b = (this.bias as tfl.LayerVariable).read();
      return tf.relu(tf.add(conv2dSame(x, w), b));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }
}
tf.serialization.registerClass(Conv2DRelu);
