/** The flags every `list` command shares (--where, --sort, --limit), read into a ListQuery. */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { NotANumberError, parseWhere, queryList, type ListQuery, type WhereClause } from '../domain/list-query.js';
import { numberArg } from './args.js';
import { collect } from './run.js';

export interface ListQueryFlags {
  where?: string[];
  sort?: string;
  limit?: string;
}

export function listQueryOptions(cmd: Command, example: { where: string; sort: string }): Command {
  return cmd
    .option('--where <field=value>', `only records whose field matches (repeatable; also != > >= < <=, a|b for either), e.g. ${example.where}`, collect)
    .option('--sort <field>', `sort by a field; -field for descending, e.g. ${example.sort}`)
    .option('--limit <n>', 'at most n rows');
}

/** `known`: the fields a record of this kind can have; a --where or --sort on another is a usage error. */
export function listQueryFrom(flags: ListQueryFlags, known: readonly string[], extra: WhereClause[] = []): ListQuery {
  const check = (field: string, flag: string) => {
    const top = field.split('.')[0]!;
    if (!known.includes(top)) throw usageError('unknown-field', `${flag} names "${field}", which these records do not have`, `fields: ${known.join(', ')}`);
  };
  const where = (flags.where ?? []).map((w) => {
    const clause = parseWhere(w);
    if (!clause) throw usageError('bad-where', `--where "${w}" is not field=value`, 'e.g. --where stage=proposal --where value>=10000 --where segment=A|B');
    check(clause.field, '--where');
    return clause;
  });
  let sort: ListQuery['sort'];
  if (flags.sort !== undefined) {
    const descending = flags.sort.startsWith('-');
    const field = descending ? flags.sort.slice(1) : flags.sort;
    if (!/^[a-z][a-z0-9_.]*$/.test(field)) throw usageError('bad-sort', `--sort "${flags.sort}" is not a field name`, 'e.g. --sort -value or --sort created');
    check(field, '--sort');
    sort = { field, descending };
  }
  const limit = numberArg(flags.limit, '--limit', '20');
  if (limit !== undefined && !Number.isInteger(limit)) throw usageError('bad-number', `--limit takes a whole number, not "${flags.limit}"`, 'e.g. --limit 20');
  return { where: [...extra, ...where], ...(sort && { sort }), ...(limit !== undefined && { limit }) };
}

/** `queryList`, with a number compared to a non-number (`--where value>abc`) as a usage error naming both. */
export function runListQuery<T>(items: readonly T[], query: ListQuery, fieldsOf: (item: T) => Record<string, unknown>): T[] {
  try {
    return queryList(items, query, fieldsOf);
  } catch (e) {
    if (!(e instanceof NotANumberError)) throw e;
    throw usageError('bad-where', `--where "${e.field}${e.op}${e.value}": ${e.field} is a number, and "${e.value}" is not one`, `compare ${e.field} with a number, e.g. --where "${e.field}${e.op}100"`);
  }
}
