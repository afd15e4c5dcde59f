/**
 * Text in code-unit order: how the ledger's listings sort ids, paths and ISO dates, the same on
 * every machine. (localeCompare loads ICU's collator, about 12 ms, and compares far slower; on
 * ids and ISO dates, which are ASCII, the two orders agree.)
 */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
