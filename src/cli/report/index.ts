/**
 * Evaluation reports: Markdown with SVG charts on disk (writeEvaluationReport),
 * the Markdown alone (formatEvaluationMarkdown), and the headline table a
 * terminal prints after a run (formatHeadlineTable).
 */
export { writeEvaluationReport, type WrittenReport } from './write-report.js';
export { formatEvaluationMarkdown, PARTIAL_BANNER } from './evaluation-markdown.js';
export { formatHeadlineTable } from './headline-table.js';
export { GOALS, judgeHeadline, goalSentence, type Goal, type GoalVerdict } from './headline-goals.js';
export { chartFileNames, safeFileNamePart, CHARTS_DIR, type ChartPaths } from './chart-files.js';
export { renderRunCharts, CHART_KINDS, CHART_TITLES, type ChartKind } from './run-charts.js';
export { formatEstimate, formatNumber, formatPercent, formatDuration } from './report-numbers.js';
