/**
 * Dependency-free SVG charts for reports: pure functions from data to an SVG
 * document string. Nice axis ticks (Heckbert 1990), the Okabe–Ito palette,
 * NaN/Infinity left out with a visible note, long series thinned per pixel
 * column (M4), every piece of text XML-escaped.
 */
export { lineChartSvg, type LineSeries, type LineChartOptions } from './line-chart.js';
export { stepChartSvg, type StepSeries, type StepChartOptions } from './step-chart.js';
export { cdfChartSvg, type CdfSeries, type CdfChartOptions } from './cdf-chart.js';
export { niceNumber, niceTicks, type NiceTicks } from './nice-ticks.js';
export { linearAxis, fixedAxis, logAxis, categoryAxis, axisFraction, formatTickValue, type Axis, type Tick } from './axis.js';
export { OKABE_ITO, seriesStyle, type SeriesStyle } from './palette.js';
export { downsampleByColumn, DOWNSAMPLE_ABOVE } from './downsample.js';
export { xmlText } from './xml-text.js';
export { windowGridChartSvg, type WindowPanel, type WindowGridChartOptions } from './window-grid-chart.js';
export { scoreTimelineChartSvg, type LabelledWindow, type ScoreTimelineChartOptions } from './score-timeline-chart.js';
export { timeAxis, timeUnitFor, utcInstantLabel, EPOCH_AFTER_S, type TimeUnit } from './time-axis.js';
