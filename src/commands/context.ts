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
import { isIsoDate, isIsoDateTime, type IsoDate } from '../domain/time.js';

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

/**
 * The date of `now` in `timeZone`, read from Date's local fields with TZ set to the zone: the same
 * ICU time zone rules as domain/time.ts's dateIn, without its formatter, whose first use costs
 * about 12 ms of loading ICU's locale data (a tenth of `lead touch`). TZ is put back at once, so
 * git and the editors crisp starts see the user's own.
 */
export function dateByTz(now: Date, timeZone: string): IsoDate {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    const y = now.getFullYear();
    if (y < 0 || y > 9999) throw new RangeError(`${y} is not a four-digit year`);
    return `${String(y).padStart(4, '0')}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
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

  /** The records without checking crisp.yaml first: for `validate`, which reports both. */
  get rawLedger(): Ledger {
    return (this._ledger ??= new Ledger(this.root));
  }

  now(): Date {
    return (this._now ??= parseNow(this.opts.now ?? process.env.CRISP_NOW));
  }

  /** Today's date in the ledger's timezone. */
  today(): IsoDate {
    return (this._today ??= dateByTz(this.now(), this.config.timezone));
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
    const email = configValue(this.root, 'user.email')?.toLowerCase();
    if (email) {
      const me = this.ledger.all('person').find((p) => String(p.data.email ?? '').toLowerCase() === email);
      if (me) return (this._actor = me.id);
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
    return withLedgerLock(this.root, async () => {
      const sync = this.syncing ? await import('../ledger/sync.js') : undefined;
      sync?.pullLedger(this.root);
      this.ledger.invalidate();
      const change = await fn();
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
