/**
 * One generated section of docs/BENCHMARKS.md between
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`: replaced in
 * place when present, appended under `heading` otherwise, so each benchmark
 * rewrites its own section and leaves the others alone.
 */
export function replaceDocSection(doc: string, name: string, heading: string, body: string): string {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  return i < 0 || j < i ? `${doc.trimEnd()}\n\n## ${heading}\n\n${block}\n` : doc.slice(0, i) + block + doc.slice(j + end.length);
}
