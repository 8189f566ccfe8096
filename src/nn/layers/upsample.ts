/**
 * Nearest-neighbour upsampling by an integer factor (PyTorch `nn.Upsample(
 * mode='nearest')`, Keras `UpSampling1D/2D`). Built from reshape + expand +
 * reshape, so its gradient (a sum over each s×s block) comes from the
 * engine's expand rule: [N, C, H, W] -> [N, C, H, 1, W, 1] -> broadcast to
 * [N, C, H, s, W, s] -> [N, C, H·s, W·s].
 */
import { expand, type Tensor } from '../../engine/index.js';
import { Module } from '../module.js';
import { expectInt, expectRank } from './check-input.js';

export class Upsample extends Module {
  constructor(readonly scaleFactor: number) {
    super();
    expectInt('Upsample', 'scaleFactor', scaleFactor);
  }

  /** [N, C, W] -> [N, C, W·s] or [N, C, H, W] -> [N, C, H·s, W·s]. */
  forward(x: Tensor): Tensor {
    expectRank(this, x, [3, 4], '[N, C, W] or [N, C, H, W]');
    const s = this.scaleFactor;
    if (s === 1) return x;
    if (x.rank === 3) {
      const [n, c, w] = x.shape as [number, number, number];
      return expand(x.reshape([n, c, w, 1]), [n, c, w, s]).reshape([n, c, w * s]);
    }
    const [n, c, h, w] = x.shape as [number, number, number, number];
    return expand(x.reshape([n, c, h, 1, w, 1]), [n, c, h, s, w, s]).reshape([n, c, h * s, w * s]);
  }
}
