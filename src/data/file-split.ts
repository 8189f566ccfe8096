/**
 * Train/validation split by recording, stratified by class.
 *
 * Windows cut from one recording overlap and share its subject, placement
 * and session, so splitting by window leaks near-duplicates into validation
 * and overstates accuracy; splitting by subject/recording is the standard
 * remedy (Kaufman et al. 2012, "Leakage in data mining", ACM TKDD 6(4); for
 * activity recognition, Hammerla & Plötz 2015, "Let's (not) stick together:
 * pairwise similarity biases cross-validation in activity recognition",
 * UbiComp). Stratifying keeps every class in both sets.
 */
import type { Rng } from '../engine/random.js';

export interface FileSplitOptions {
  /** Class names in label order; every class must have at least two files. */
  classes: readonly string[];
  /** Share of each class's files put in validation, in (0, 1). */
  valFraction: number;
  rng: Rng;
}

export interface FileSplit<T> {
  train: T[];
  val: T[];
}

/**
 * Per class: shuffle that class's files (visited in name order, so the result
 * depends only on the seed and the file names), put
 * `round(n * valFraction)` of them, clamped to [1, n - 1], in validation and
 * the rest in training. Both lists come back sorted by file name.
 */
export function splitByFileStratified<T extends { file: string; label: number }>(items: readonly T[], options: FileSplitOptions): FileSplit<T> {
  const { classes, valFraction, rng } = options;
  if (!(valFraction > 0 && valFraction < 1)) {
    throw new RangeError(`splitByFileStratified: valFraction must be in (0, 1), got ${valFraction}`);
  }
  const byClass: T[][] = classes.map(() => []);
  for (const item of items) {
    const group = byClass[item.label];
    if (group === undefined) {
      throw new RangeError(`splitByFileStratified: ${item.file} has label ${item.label}, outside the ${classes.length} classes`);
    }
    group.push(item);
  }
  const train: T[] = [];
  const val: T[] = [];
  byClass.forEach((group, label) => {
    if (group.length < 2) {
      throw new Error(
        `splitByFileStratified: class "${classes[label]}" has ${group.length} usable recording(s); ` +
          'at least 2 are needed so that both training and validation get one',
      );
    }
    const shuffled = [...group].sort(byFile);
    rng.shuffle(shuffled);
    const nVal = Math.min(group.length - 1, Math.max(1, Math.round(group.length * valFraction)));
    val.push(...shuffled.slice(0, nVal));
    train.push(...shuffled.slice(nVal));
  });
  return { train: train.sort(byFile), val: val.sort(byFile) };
}

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
