/** `crisp client`: organisations we work for. Client ownership lives only here (`owner`). */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { SECTORS, SEGMENTS } from '../model/fields.js';
import { action } from './run.js';
import { listQueryFrom, listQueryOptions, runListQuery, type ListQueryFlags } from './list-flags.js';
import { KINDS } from '../model/kinds.js';
import { choice } from './args.js';
import { createRecord, editRecord, mintId, parseAssignments, savedOutput, setEdits, showOutput, unknownFieldNotes } from './records.js';
import type { Context } from './context.js';
import type { Output } from '../output/index.js';
import { clientHappiness, happinessLine, registerClientHappiness } from './happiness.js';

interface ClientFlags {
  name?: string;
  id?: string;
  sector?: string;
  segment?: string;
  owner?: string;
  coach?: string;
}

function flagFields(ctx: Context, flags: ClientFlags): Record<string, unknown> {
  return {
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.sector !== undefined && { sector: choice(flags.sector, SECTORS, '--sector') }),
    ...(flags.segment !== undefined && { segment: choice(flags.segment.toUpperCase(), SEGMENTS, '--segment') }),
    ...(flags.owner !== undefined && { owner: ctx.ledger.find('person', flags.owner).id }),
    ...(flags.coach !== undefined && { coach: ctx.ledger.find('person', flags.coach).id }),
  };
}

async function add(ctx: Context, flags: ClientFlags): Promise<Output> {
  if (!flags.name) throw usageError('missing-flags', 'client add needs --name', 'e.g. crisp client add --name "Acme Learning" --sector private --segment A');
  const saved = await createRecord(ctx, 'client', () => ({
    data: { id: mintId(ctx, flags.id, flags.name!), ...flagFields(ctx, flags), created: ctx.today() },
  }));
  return savedOutput(saved);
}

function list(ctx: Context, flags: ListQueryFlags & { owner?: string }): Output {
  const owner = flags.owner ? ctx.ledger.find('person', flags.owner).id : undefined;
  const records = ctx.ledger.all('client').filter((r) => !r.problems.length);
  const query = listQueryFrom(flags, Object.keys(KINDS.client.schema.shape), owner ? [{ field: 'owner', op: '=', values: [owner] }] : []);
  const rows = runListQuery(records, query, (r) => r.data).map((r) => {
    const d = r.data as { name?: string; sector?: string; segment?: string; owner?: string; instances?: unknown[] };
    return { id: r.id, path: r.path, name: d.name, sector: d.sector ?? null, segment: d.segment ?? null, owner: d.owner ?? null, instances: d.instances?.length ?? 0 };
  });
  return {
    json: rows,
    human: { columns: [{ key: 'id', header: 'ID' }, { key: 'name', header: 'NAME' }, { key: 'sector', header: 'SECTOR' }, { key: 'segment', header: 'SEG' }, { key: 'owner', header: 'OWNER' }], rows },
  };
}

async function set(ctx: Context, ref: string, assignments: string[], flags: ClientFlags): Promise<Output> {
  const fields = { ...parseAssignments(assignments), ...flagFields(ctx, flags) };
  if (!Object.keys(fields).length) throw usageError('nothing-to-set', 'nothing to change', 'pass flags like --segment A, or field=value pairs');
  if ('id' in fields) throw usageError('id-immutable', 'an id cannot be changed', 'ids are file names that other records refer to');
  const saved = await editRecord(ctx, 'client', ref, 'set', () => setEdits(fields));
  return savedOutput(saved, undefined, unknownFieldNotes(saved.record, fields));
}

export function register(program: Command): void {
  const client = program.command('client').description('clients: organisation, sector, segment, owner, contacts, instances');
  const common = (c: Command) =>
    c
      .option('--name <name>', 'organisation name')
      .option('--sector <sector>', `one of ${SECTORS.join(', ')}`)
      .option('--segment <segment>', 'A, B or C')
      .option('--owner <person>', 'the client owner')
      .option('--coach <person>', "the client's coach (looks after the client's happiness)");
  common(client.command('add').description('add a client').option('--id <id>', 'the id to use (default: generated from the name)')).action(
    action((ctx, flags: ClientFlags) => add(ctx, flags)),
  );
  listQueryOptions(client.command('list').alias('ls').description('list clients').option('--owner <person>', 'only clients this person owns'), { where: 'sector=government', sort: 'name' })
    .addHelpText('after', '\nExample:\n  crisp client list --where segment=A --where sector=public|government --sort name')
    .action(action((ctx, flags: ListQueryFlags & { owner?: string }) => list(ctx, flags)));
  client
    .command('show <id>')
    .description('show a client, with its happiness (fresh, stale, unhappy)')
    .action(
      action((ctx, ref: string) => {
        const rec = ctx.ledger.find('client', ref);
        const happiness = clientHappiness(ctx, rec);
        return showOutput(rec, { happiness_state: happiness }, [happinessLine(happiness, 'client')]);
      }),
    );
  registerClientHappiness(client);
  common(client.command('set <id> [field=value...]').description('change fields (flags, or any field as field=value; field= removes it)')).action(
    action((ctx, ref: string, assignments: string[], flags: ClientFlags) => set(ctx, ref, assignments, flags)),
  );
}
