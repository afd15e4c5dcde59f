/**
 * What every command gets: the global options, the ledger root and settings, the clock and who
 * is acting. Everything is looked up lazily, so a command pays only for what it uses.
 */
import { CrispError, usageError } from '../errors.js';
import { configValue } from '../git/index.js';
import { requireConfig } from '../ledger/config.js';
import { withLedgerLock } from '../ledger/lock.js';
import { findLedgerRoot } from '../ledger/root.js';
import { Ledger } from '../ledger/store.js';
import { applyChange, type Applied, type Change } from '../ledger/transaction.js';
import type { Config } from '../model/config.js';
import { emailKey, peopleWithEmail } from '../model/person-rules.js';
import { dateIn, isIsoDate, isIsoDateTime, isValidTimeZone, type IsoDate } from '../domain/time.js';

export interface GlobalOptions {
  ledger?: string;
  as?: string;
  json?: boolean;
  commit?: boolean;
  input?: boolean;
  quiet?: boolean;
  now?: string;
  sync?: boolean;
}

export function parseNow(text: string | undefined): Date {
  if (!text) return new Date();
  const s = text.trim();
  if (isIsoDate(s)) return new Date(`${s}T12:00:00Z`);
  if (isIsoDateTime(s)) return new Date(s);
  throw usageError('bad-now', `--now / CRISP_NOW "${s}" is not an ISO date or date-time`, 'use 2026-11-23 or 2026-11-23T09:30:00Z');
}

/** `read()` with TZ set to `timeZone`; TZ is put back at once, so git and the editors crisp starts see the user's own. */
function withTz<T>(timeZone: string, read: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** How far the wall clock of the zone TZ names is ahead of UTC at `ms`, from Date's local fields. */
function localOffset(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()) - ms;
}

/** Offsets are sampled this far apart; a change between two samples is found to the millisecond. */
const SAMPLE_MS = 6 * 3_600_000;

/** A UTC year's offsets in the zone TZ names: each from `at[i]` on, until the next. */
function yearOffsets(year: number): { at: number[]; offset: number[] } {
  const end = Date.UTC(year + 1, 0, 1) - 1;
  const at = [Date.UTC(year, 0, 1)];
  const offset = [localOffset(at[0]!)];
  let from = at[0]!;
  for (let t = Math.min(from + SAMPLE_MS, end); ; t = Math.min(t + SAMPLE_MS, end)) {
    // Each change between `from` and `t`, earliest first: bisect down to the first millisecond of the new offset.
    for (let last = offset[offset.length - 1]!; localOffset(t) !== last; last = offset[offset.length - 1]!) {
      let lo = from;
      let hi = t;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (localOffset(mid) === last) lo = mid;
        else hi = mid;
      }
      at.push(hi);
      offset.push(localOffset(hi));
      from = hi;
    }
    if (t === end) return { at, offset };
    from = t;
  }
}

/**
 * A ZoneReader (domain/time.ts) that reads a zone's offsets from Date's local fields with TZ set
 * to it: the same ICU zone rules as Intl's formatter (test/domain/leads.test.ts holds the two to
 * one answer), without the formatter, whose first use costs about 11 ms of loading ICU's locale
 * data (a twentieth of a report, a tenth of `lead touch`). A year's offsets are read in one go.
 * Only zones ICU knows by name (TZ takes any other name for UTC), and only years from 1900 on (an
 * older date is left to the formatter, which writes dates before 1582 in the Julian calendar).
 */
export function zoneOffsetsByTz(timeZone: string): ((ms: number) => number | undefined) | undefined {
  if (!isValidTimeZone(timeZone)) return undefined;
  const years = new Map<number, { at: number[]; offset: number[] }>();
  return (ms) => {
    const year = new Date(ms).getUTCFullYear();
    if (!(year >= 1900 && year <= 9999)) return undefined;
    let table = years.get(year);
    if (!table) years.set(year, (table = withTz(timeZone, () => yearOffsets(year))));
    let i = table.at.length - 1;
    while (table.at[i]! > ms) i--;
    return table.offset[i];
  };
}

export class Context {
  private _root?: string;
  private _config?: Config;
  private _ledger?: Ledger;
  private _now?: Date;
  private _actor?: string;
  private _today?: IsoDate;

  constructor(readonly opts: GlobalOptions, readonly cwd = process.cwd()) {}

  get root(): string {
    return (this._root ??= findLedgerRoot(this.opts.ledger, this.cwd));
  }

  get config(): Config {
    return (this._config ??= requireConfig(this.root));
  }

  /** The ledger's records. Reading them needs a valid crisp.yaml (validate reads both on its own). */
  get ledger(): Ledger {
    if (!this._ledger) {
      void this.config;
      this._ledger = new Ledger(this.root);
    }
    return this._ledger;
  }

  /** Record files the command read that do not parse (lists and reports leave them out). */
  unreadableRecords(): string[] {
    return this._ledger?.unreadable() ?? [];
  }

  /** The records without checking crisp.yaml first: for `validate`, which reports both. */
  get rawLedger(): Ledger {
    return (this._ledger ??= new Ledger(this.root));
  }

  now(): Date {
    return (this._now ??= parseNow(this.opts.now ?? process.env.CRISP_NOW));
  }

  /** Today's date in the ledger's timezone. */
  today(): IsoDate {
    return (this._today ??= dateIn(this.now(), this.config.timezone));
  }

  get interactive(): boolean {
    return this.opts.input !== false && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !process.env.CI;
  }

  get committing(): boolean {
    return this.opts.commit !== false && this.config.commit !== 'off';
  }

  /** Who acts: --as, else $CRISP_USER, else the person whose email is git's user.email. */
  actor(): string {
    if (this._actor) return this._actor;
    const named = this.opts.as ?? process.env.CRISP_USER;
    if (named) {
      try {
        return (this._actor = this.ledger.find('person', named).id);
      } catch (e) {
        if (e instanceof CrispError && e.code === 'unknown-id') {
          throw new CrispError('unknown-actor', `--as / CRISP_USER names "${named}", who is not a person in this ledger`, { hint: e.hint ?? 'add them with `crisp person add`' });
        }
        throw e;
      }
    }
    const email = emailKey(configValue(this.root, 'user.email'));
    if (email) {
      const people = peopleWithEmail(this.ledger.all('person'), email);
      if (people.length > 1) {
        // Acting as the first of them would put one person's name on another's work.
        throw new CrispError('ambiguous-actor', `git's email ${email} is the email of ${people.length} people (${people.map((p) => p.id).join(', ')}), so crisp cannot tell who you are`, {
          hint: `pass --as <person-id> (or set CRISP_USER), or give each person an email of their own (crisp validate shows where)`,
        });
      }
      if (people[0]) return (this._actor = people[0].id);
    }
    throw usageError(
      'no-actor',
      `crisp does not know who you are${email ? ` (no person has git's email ${email})` : ''}`,
      'pass --as <person-id>, set CRISP_USER=<person-id>, or give your person record the email in `git config user.email`',
    );
  }

  /** `--sync` or `sync: auto`: pull before and push after every change that commits. */
  get syncing(): boolean {
    return this.committing && (this.opts.sync === true || this.config.sync === 'auto');
  }

  /**
   * Read-modify-write under the ledger lock, then write and commit exactly the change's files.
   * When syncing, a failed pull stops before anything is written (exit 3); a failed push after a
   * good commit keeps the commit and only warns (DESIGN.md §6 "Sync").
   */
  async mutate(fn: () => Change | Promise<Change>): Promise<Applied> {
    return withLedgerLock(this.root, async ({ tookOver }) => {
      const sync = this.syncing ? await import('../ledger/sync.js') : undefined;
      sync?.pullLedger(this.root);
      this.ledger.invalidate();
      const change = await fn();
      // A crisp killed between its write and its commit left its file written, whole, not committed:
      // the next change of that file commits it too (docs/safety.md, "A killed crisp loses nothing").
      if (tookOver) for (const path of change.paths) change.takesUncommitted.add(path);
      const applied = applyChange(this.root, change, this.committing);
      if (sync && applied.commit) {
        try {
          sync.pushLedger(this.root);
        } catch (e) {
          applied.warnings = [`warning: committed but not pushed: ${(e as Error).message}`, `  hint: ${(e as CrispError).hint ?? 'run `crisp sync` later'}`];
        }
      }
      return applied;
    });
  }
}
