/**
 * Append-only event logs (a bun's events, a lead's team) name what their actor had seen: `after`
 * lists the events that were the head of the fold on their clone (DESIGN.md §2). Pure.
 */

/**
 * Every event an event has seen, transitively (its ancestry), by file name. A parent that is not
 * among the events (the post, `start`, a missing file) adds nothing; a cycle (only by hand edits)
 * is cut where it closes.
 */
export function ancestorsOf<E extends { file: string }>(events: readonly E[], parents: (e: E) => readonly string[]): Map<string, Set<string>> {
  const byFile = new Map(events.map((e) => [e.file, e]));
  const memo = new Map<string, Set<string>>();
  const visit = (file: string, path: Set<string>): Set<string> => {
    const known = memo.get(file);
    if (known) return known;
    const acc = new Set<string>();
    path.add(file);
    for (const p of parents(byFile.get(file)!)) {
      if (!byFile.has(p) || path.has(p)) continue;
      acc.add(p);
      for (const a of visit(p, path)) acc.add(a);
    }
    path.delete(file);
    memo.set(file, acc);
    return acc;
  };
  for (const e of events) visit(e.file, new Set());
  return memo;
}
