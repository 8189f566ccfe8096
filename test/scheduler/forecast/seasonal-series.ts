/** A synthetic series the learned forecasters' tests train and score on. */
import { Rng } from '../../../src/engine/random.js';

/** A daily-like cycle (m = 12) whose amplitude drifts slowly (an AR(1) weather factor) plus small noise. */
export function seasonal(length: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  let weather = 1;
  return Float64Array.from({ length }, (_, t) => {
    weather = 1 + 0.9 * (weather - 1) + 0.15 * rng.normal();
    return Math.max(0, weather * 10 * Math.sin((Math.PI * (t % 12)) / 12)) + 0.2 * rng.normal();
  });
}
