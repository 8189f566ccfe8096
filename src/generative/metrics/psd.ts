/**
 * Power spectral density by Welch's method and a spectral distance between
 * real and synthetic window sets: a generator can match every marginal
 * statistic and still get the rhythm of a signal wrong (a 50 Hz hum, the
 * period of a heartbeat), which the spectrum shows directly.
 *
 * Welch (P. D. Welch, "The use of fast Fourier transform for the estimation
 * of power spectra: a method based on time averaging over short, modified
 * periodograms", IEEE Trans. Audio Electroacoust. 15(2):70–73, 1967): cut the
 * signal into segments of `segmentLength` samples overlapping by half, remove
 * each segment's mean, multiply by a Hann window, take the periodogram, and
 * average. Conventions follow scipy.signal.welch(x, fs, window='hann',
 * nperseg=segmentLength, noverlap=segmentLength // 2, detrend='constant',
 * return_onesided=True, scaling='density', average='mean'): the periodic
 * ("DFT-even") Hann window, a density in unit²/Hz scaled by 1/(fs · Σ w²),
 * and one-sided bins 0..segmentLength/2 with all but DC and Nyquist doubled,
 * so that Σ PSD · Δf equals the window-weighted variance of the signal
 * (Parseval). Trailing samples that do not fill a segment are dropped, as
 * scipy does.
 *
 * The segment length must be a power of two (radix-2 FFT below). It defaults
 * to the largest power of two that fits the signal: psdDistance already
 * averages over every window of a set, which gives the variance reduction
 * Welch's segment averaging is for, so the finest frequency resolution wins.
 */
import { requireFiniteValues, requireInteger, requirePositive, type NumericArray } from './argument-checks.js';
import { checkWindowSet, requireSameWindowShape, type WindowSet } from './window-set.js';

export interface WelchOptions {
  /** Samples per segment, a power of two between 2 and the signal length; default: the largest that fits. */
  segmentLength?: number;
}

export interface PowerSpectrum {
  /** Bin frequencies k · sampleRateHz / segmentLength, k = 0..segmentLength/2. */
  frequenciesHz: Float64Array;
  /** One-sided power spectral density per bin, in (signal unit)² / Hz. */
  density: Float64Array;
  segmentLength: number;
}

/** Welch PSD of one signal sampled at `sampleRateHz`. */
export function welchPsd(signal: NumericArray, sampleRateHz: number, options: WelchOptions = {}): PowerSpectrum {
  const who = 'welchPsd';
  const length = requireFiniteValues(who, 'signal', signal);
  requirePositive(who, 'sampleRateHz', sampleRateHz);
  const estimator = new WelchEstimator(who, length, sampleRateHz, options.segmentLength);
  const density = new Float64Array(estimator.bins);
  estimator.accumulate(signal, 0, length, density, 1);
  return { frequenciesHz: estimator.frequenciesHz(), density, segmentLength: estimator.segmentLength };
}

export interface WindowSetSpectrum {
  frequenciesHz: Float64Array;
  /** Per channel, the mean over windows of each window's Welch PSD. */
  density: Float64Array[];
  segmentLength: number;
}

/** Per channel, the Welch PSD of every window of `set`, averaged over the windows. */
export function meanWindowPsd(set: WindowSet, sampleRateHz: number, options: WelchOptions = {}): WindowSetSpectrum {
  const who = 'meanWindowPsd';
  checkWindowSet(who, 'set', set);
  requirePositive(who, 'sampleRateHz', sampleRateHz);
  return meanSpectrum(new WelchEstimator(who, set.length, sampleRateHz, options.segmentLength), set);
}

export interface PsdDistanceOptions extends WelchOptions {
  sampleRateHz: number;
  /**
   * Density below which bins count as equal, in (signal unit)² / Hz; default:
   * the float32 rounding level described at {@link psdDistance}. Raise it to
   * the sensor's known noise floor to stop a clean synthetic set being
   * judged mostly on bins where real data holds only noise.
   */
  densityFloor?: number;
}

export interface PsdDistance {
  /** Mean of the per-channel distances, in decades (log10 units). */
  distance: number;
  perChannel: Float64Array;
  frequenciesHz: Float64Array;
}

/**
 * Spectral distance between two window sets of the same shape: per channel,
 * the mean PSD over the windows of each set ({@link meanWindowPsd}), then
 * the mean over frequency bins of |log10 PSD_real − log10 PSD_synthetic|;
 * `distance` averages the channels. 0 for identical spectra; 1 means the
 * spectra differ by a factor of ten on average. Logs weigh a weak band as
 * much as a strong one, so a generator cannot score well by matching only
 * the dominant frequency.
 *
 * A bin whose density is 0 would have log −∞, so densities are floored at
 * u² · P / (fs/2), u = 2⁻²⁴ the unit roundoff of float32 (IEEE 754 binary32,
 * 24-bit significand) and P the larger of the two sets' total power on that
 * channel: the white-noise density that rounding the windows to float32
 * could add. Differences below it are not resolvable in float32 windows.
 * That floor is far below any real sensor's noise, so a noise-free synthetic
 * set scores many decades from noisy real data (about 12 for a tone with
 * 10 % noise against the clean tone); `densityFloor` sets it to a physical
 * noise floor instead.
 */
export function psdDistance(real: WindowSet, synthetic: WindowSet, options: PsdDistanceOptions): PsdDistance {
  const who = 'psdDistance';
  checkWindowSet(who, 'real', real);
  checkWindowSet(who, 'synthetic', synthetic);
  requireSameWindowShape(who, 'real', real, 'synthetic', synthetic);
  if (options === null || typeof options !== 'object') throw new TypeError(`${who}: options must be an object with sampleRateHz`);
  requirePositive(who, 'options.sampleRateHz', options.sampleRateHz);
  if (options.densityFloor !== undefined) requirePositive(who, 'options.densityFloor', options.densityFloor);
  const estimator = new WelchEstimator(who, real.length, options.sampleRateHz, options.segmentLength);
  const a = meanSpectrum(estimator, real).density;
  const b = meanSpectrum(estimator, synthetic).density;
  const binWidthHz = options.sampleRateHz / estimator.segmentLength;
  const perChannel = new Float64Array(real.channels);
  for (let c = 0; c < real.channels; c++) {
    const power = Math.max(sum(a[c]!), sum(b[c]!)) * binWidthHz;
    const floor = options.densityFloor ?? (FLOAT32_UNIT_ROUNDOFF ** 2 * power) / (options.sampleRateHz / 2);
    if (floor === 0) continue; // both channels constant, no floor given: identical (empty) spectra
    let total = 0;
    for (let k = 0; k < estimator.bins; k++) {
      total += Math.abs(Math.log10(Math.max(a[c]![k]!, floor)) - Math.log10(Math.max(b[c]![k]!, floor)));
    }
    perChannel[c] = total / estimator.bins;
  }
  return { distance: sum(perChannel) / real.channels, perChannel, frequenciesHz: estimator.frequenciesHz() };
}

/** 2⁻²⁴: half the spacing of float32 values in [1, 2) (IEEE 754-2008 binary32). */
const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

function meanSpectrum(estimator: WelchEstimator, set: WindowSet): WindowSetSpectrum {
  const density = Array.from({ length: set.channels }, () => new Float64Array(estimator.bins));
  for (let w = 0; w < set.count; w++) {
    for (let c = 0; c < set.channels; c++) {
      estimator.accumulate(set.data, (w * set.channels + c) * set.length, set.length, density[c]!, 1 / set.count);
    }
  }
  return { frequenciesHz: estimator.frequenciesHz(), density, segmentLength: estimator.segmentLength };
}

/** Welch's method for one segment length and sample rate; window and scratch buffers are made once. */
class WelchEstimator {
  readonly segmentLength: number;
  readonly bins: number;
  private readonly window: Float64Array;
  private readonly scale: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(who: string, signalLength: number, private readonly sampleRateHz: number, segmentLength?: number) {
    if (segmentLength === undefined) {
      if (signalLength < 2) throw new RangeError(`${who}: signals of ${signalLength} sample have no spectrum; need at least 2 samples`);
      segmentLength = 2 ** Math.floor(Math.log2(signalLength));
    } else {
      requireInteger(who, 'options.segmentLength', segmentLength, 2);
      if ((segmentLength & (segmentLength - 1)) !== 0 || segmentLength > signalLength) {
        throw new RangeError(`${who}: options.segmentLength must be a power of two <= the signal length ${signalLength}, got ${segmentLength}`);
      }
    }
    this.segmentLength = segmentLength;
    this.bins = segmentLength / 2 + 1;
    // Periodic Hann window, w[i] = 0.5 − 0.5 cos(2πi/N) (scipy get_window('hann', N), fftbins=True).
    this.window = Float64Array.from({ length: segmentLength }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / segmentLength));
    let energy = 0;
    for (const w of this.window) energy += w * w;
    this.scale = 1 / (sampleRateHz * energy);
    this.re = new Float64Array(segmentLength);
    this.im = new Float64Array(segmentLength);
  }

  frequenciesHz(): Float64Array {
    return Float64Array.from({ length: this.bins }, (_, k) => (k * this.sampleRateHz) / this.segmentLength);
  }

  /** Adds `weight` × the Welch PSD of signal[offset, offset + length) into `out`. */
  accumulate(signal: NumericArray, offset: number, length: number, out: Float64Array, weight: number): void {
    const n = this.segmentLength;
    const step = n - Math.floor(n / 2);
    const segments = Math.floor((length - Math.floor(n / 2)) / step);
    const { re, im, window } = this;
    for (let s = 0; s < segments; s++) {
      const start = offset + s * step;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += signal[start + i]!;
      mean /= n;
      for (let i = 0; i < n; i++) {
        re[i] = (signal[start + i]! - mean) * window[i]!;
        im[i] = 0;
      }
      fftInPlace(re, im);
      const w = (weight * this.scale) / segments;
      for (let k = 0; k < this.bins; k++) {
        const onesided = k === 0 || k === n / 2 ? 1 : 2;
        out[k]! += onesided * w * (re[k]! * re[k]! + im[k]! * im[k]!);
      }
    }
  }
}

/** Iterative radix-2 Cooley–Tukey FFT, X_k = Σ x_j e^{−2πijk/N}; N must be a power of two. */
function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const angle = (-2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      const cos = Math.cos(angle * k);
      const sin = Math.sin(angle * k);
      for (let start = 0; start < n; start += size) {
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * cos - im[b]! * sin;
        const ti = re[b]! * sin + im[b]! * cos;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
