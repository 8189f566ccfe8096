/** Forecast-error metrics against values worked by hand (Hyndman & Koehler 2006). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mae, mase, maseScale, rmse, smape } from '../../../src/scheduler/index.js';

const actual = [1, 2, 3, 4];
const forecast = [2, 2, 1, 5];

test('MAE, RMSE and sMAPE of errors (−1, 0, 2, −1)', () => {
  assert.equal(mae(actual, forecast), 1);
  assert.equal(rmse(actual, forecast), Math.sqrt(1.5));
  // 200·|e|/(|y|+|ŷ|): 200/3, 0, 200·2/4, 200/9.
  assert.ok(Math.abs(smape(actual, forecast) - (200 / 3 + 100 + 200 / 9) / 4) < 1e-12);
});

test('MASE scale: in-sample MAE of the (seasonal) naive forecast; MASE = MAE / scale', () => {
  const training = [1, 3, 2, 6];
  // m = 1: |3−1|, |2−3|, |6−2| → 7/3. m = 2: |2−1|, |6−3| → 2.
  assert.equal(maseScale(training), 7 / 3);
  assert.equal(maseScale(training, 2), 2);
  assert.ok(Math.abs(mase(actual, forecast, maseScale(training)) - 3 / 7) < 1e-15);
  assert.equal(mase(actual, forecast, 2), 0.5);
});

test('sMAPE counts a correctly forecast zero as no error; MAE and MASE are defined on series with zeros', () => {
  const night = [0, 0, 5, 0];
  const f = [0, 1, 4, 0];
  assert.equal(smape(night, f), (0 + 200 + (200 * 1) / 9 + 0) / 4);
  assert.equal(mae(night, f), 0.5);
  assert.equal(mase(night, f, maseScale([0, 0, 4, 0])), 0.5 / (8 / 3));
});

test('metrics refuse unpaired, empty or non-finite input and a zero scale', () => {
  assert.throws(() => mae([1, 2], [1]), /actual has 2 values but forecast has 1/);
  assert.throws(() => rmse([], []), /no values to score/);
  assert.throws(() => smape([1, NaN], [1, 2]), /pair 1 is not finite/);
  assert.throws(() => mase([1], [1], 0), /scale must be a finite number > 0/);
  assert.throws(() => maseScale([5, 5, 5].slice(0, 1)), /need more than seasonLength = 1/);
  assert.throws(() => maseScale([1, 2, 3], 0), /seasonLength must be an integer >= 1/);
});
