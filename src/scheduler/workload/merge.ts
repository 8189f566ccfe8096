/**
 * One workload from several streams (periodic sensing + stochastic
 * arrivals + real-data events): all tasks in one list ordered by arrival,
 * ties broken by id so the result does not depend on the order of the
 * streams. Ids must stay unique across streams — give each generator its
 * own `idPrefix` — because the simulator and its event log name tasks by id.
 */
import { checkTask, compareTasks, type Task } from './task.js';

const WHO = 'mergeWorkloads';

/** The tasks of every stream, sorted by (arrivalS, id); throws on a repeated id or a malformed task. */
export function mergeWorkloads(streams: readonly (readonly Task[])[]): Task[] {
  if (!Array.isArray(streams as unknown)) throw new TypeError(`${WHO}: streams must be a list of task lists, got ${typeof streams}`);
  const seen = new Map<string, number>();
  const all: Task[] = [];
  streams.forEach((stream, s) => {
    if (!Array.isArray(stream as unknown)) throw new TypeError(`${WHO}: streams[${s}] must be a list of tasks, got ${typeof stream}`);
    stream.forEach((task, k) => {
      checkTask(task, `${WHO}: streams[${s}][${k}]`);
      const first = seen.get(task.id);
      if (first !== undefined) throw new RangeError(`${WHO}: id ${JSON.stringify(task.id)} is in streams[${first}] and streams[${s}]; give each stream its own idPrefix`);
      seen.set(task.id, s);
      all.push(task);
    });
  });
  return all.sort(compareTasks);
}
