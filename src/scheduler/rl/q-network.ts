/**
 * The Q-network: an MLP from the (normalised) observation to one value per
 * action, Linear → ReLU → … → Linear, built from src/nn layers so the
 * engine trains it. Mnih et al. (Nature 2015) used a convolutional torso
 * for pixels; for a feature vector the torso is fully connected, and
 * Stable-Baselines3's DQN `MlpPolicy` uses two hidden layers of 64
 * (`stable_baselines3/dqn/policies.py`: `net_arch = [64, 64]`), our default.
 *
 * Also the weight plumbing DQN needs: the network as plain dense layers
 * (for the allocation-free greedy path, greedy-policy.ts, and the policy
 * file), and target-network updates — a hard copy (Mnih et al. 2015) or
 * Polyak averaging θ⁻ ← τθ + (1−τ)θ⁻ (T. P. Lillicrap et al., "Continuous
 * control with deep reinforcement learning", ICLR 2016; SB3's `tau`).
 */
import type { Rng } from '../../engine/random.js';
import { Linear, ReLU, Sequential } from '../../nn/index.js';

export interface QNetworkConfig {
  readonly observationSize: number;
  readonly actionCount: number;
  /** Units per hidden layer, input side first (each an integer >= 1; may be empty: a linear Q-function). */
  readonly hidden: readonly number[];
}

/** One fully connected layer as plain arrays: y = W·x + b, W row-major [outFeatures, inFeatures] (PyTorch's layout). */
export interface DenseLayer {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/** Checks a config at a public entry point; `who` names the caller in errors. */
export function checkQNetworkConfig(who: string, c: QNetworkConfig): QNetworkConfig {
  const int = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new RangeError(`${who}: ${name} must be an integer >= 1, got ${String(v)}`);
    return v;
  };
  if (!Array.isArray(c.hidden)) throw new TypeError(`${who}: hidden must be an array of layer widths, got ${typeof c.hidden}`);
  return {
    observationSize: int('observationSize', c.observationSize),
    actionCount: int('actionCount', c.actionCount),
    hidden: c.hidden.map((h, i) => int(`hidden[${i}]`, h)),
  };
}

/**
 * Builds the network: children `fc0`, `relu0`, `fc1`, `relu1`, …, `out`, so
 * the state dict reads `fc0.weight`, …, `out.bias`. Weights are drawn from
 * `rng` (Kaiming-uniform, as PyTorch's nn.Linear, src/nn/init.ts).
 */
export function buildQNetwork(config: QNetworkConfig, rng: Rng): Sequential {
  const c = checkQNetworkConfig('buildQNetwork', config);
  const layers: Record<string, Linear | ReLU> = {};
  let width = c.observationSize;
  c.hidden.forEach((h, i) => {
    layers[`fc${i}`] = new Linear(width, h, { rng: rng.fork() });
    layers[`relu${i}`] = new ReLU();
    width = h;
  });
  layers['out'] = new Linear(width, c.actionCount, { rng: rng.fork() });
  return new Sequential(layers);
}

/** The network's Linear layers in forward order. */
export function linearLayers(network: Sequential): Linear[] {
  const out: Linear[] = [];
  for (const m of network) {
    if (m instanceof Linear) {
      if (!m.bias) throw new TypeError(`linearLayers: ${m.label} has no bias; the Q-network's layers all have one`);
      out.push(m);
    } else if (!(m instanceof ReLU)) {
      throw new TypeError(`linearLayers: ${m.label} is neither Linear nor ReLU; a Q-network is Linear → ReLU → … → Linear`);
    }
  }
  return out;
}

/** Copies of the network's weights as dense layers (what the greedy path and the policy file hold). */
export function denseLayersOf(network: Sequential): DenseLayer[] {
  return linearLayers(network).map((l) => ({
    inFeatures: l.inFeatures,
    outFeatures: l.outFeatures,
    weight: Float32Array.from(l.weight.view()),
    bias: Float32Array.from(l.bias!.view()),
  }));
}

/** Writes the network's current weights into `layers` (same shapes; no allocation). */
export function copyWeightsInto(network: Sequential, layers: readonly DenseLayer[]): void {
  const src = linearLayers(network);
  if (src.length !== layers.length) throw new RangeError(`copyWeightsInto: the network has ${src.length} linear layers, the destination ${layers.length}`);
  src.forEach((l, i) => {
    const d = layers[i]!;
    if (d.weight.length !== l.weight.size || d.bias.length !== l.bias!.size) throw new RangeError(`copyWeightsInto: layer ${i} is [${l.outFeatures}, ${l.inFeatures}] in the network but holds ${d.weight.length} weights`);
    d.weight.set(l.weight.view());
    d.bias.set(l.bias!.view());
  });
}

/**
 * Target-network update θ⁻ ← τ·θ + (1 − τ)·θ⁻ over every parameter; τ = 1
 * is the hard copy. Both networks must share one architecture.
 */
export function updateTargetNetwork(online: Sequential, target: Sequential, tau: number): void {
  if (!(tau > 0 && tau <= 1)) throw new RangeError(`updateTargetNetwork: tau must be in (0, 1], got ${tau}`);
  const src = online.parameters();
  const dst = target.parameters();
  if (src.length !== dst.length) throw new RangeError(`updateTargetNetwork: online has ${src.length} parameters, target ${dst.length}`);
  src.forEach((p, i) => {
    const s = p.view();
    const d = dst[i]!.view();
    if (s.length !== d.length) throw new RangeError(`updateTargetNetwork: parameter ${i} has ${s.length} elements online, ${d.length} in the target`);
    if (tau === 1) {
      d.set(s);
      return;
    }
    for (let k = 0; k < d.length; k++) d[k] = tau * s[k]! + (1 - tau) * d[k]!;
  });
}
