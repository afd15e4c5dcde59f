import { describe, expect, it } from 'vitest';
import { emailTooLong, introFollowUp, isRotting, nextStep, parseFollowUp, touchCount } from '../../src/domain/leads.js';
import fc from 'fast-check';
import { addDays, addMonths, dateIn, daysBetween, endOfDayIn, isValidTimeZone, isWorkingDate, readZonesWith, startOfDayIn, WEEKDAYS, workingDaysBetween, type WorkCalendar } from '../../src/domain/time.js';
import { zoneOffsetsByTz } from '../../src/commands/context.js';

describe('follow-up dates', () => {
  it('reads 7d, 2w, today, tomorrow and ISO dates', () => {
    expect(parseFollowUp('7d', '2026-11-23')).toBe('2026-11-30');
    expect(parseFollowUp('2w', '2026-12-25')).toBe('2027-01-08');
    expect(parseFollowUp('tomorrow', '2026-02-28')).toBe('2026-03-01');
    expect(parseFollowUp('2026-12-01', '2026-11-23')).toBe('2026-12-01');
    expect(parseFollowUp('next week', '2026-11-23')).toBeUndefined();
    expect(parseFollowUp('2026-02-30', '2026-11-23')).toBeUndefined();
  });
  it('sets an intro meeting follow-up a week out', () => {
    expect(introFollowUp('2026-11-23', 7)).toBe('2026-11-30');
  });
  it('tells the next step: overdue, due today, scheduled, nothing', () => {
    expect(nextStep({ follow_up: '2026-11-22' }, '2026-11-23')).toBe('overdue');
    expect(nextStep({ follow_up: '2026-11-23' }, '2026-11-23')).toBe('due today');
    expect(nextStep({ follow_up: '2026-11-24' }, '2026-11-23')).toBe('scheduled');
    expect(nextStep({}, '2026-11-23')).toBe('nothing scheduled');
  });
});

describe('touches', () => {
  const lead = { stage: 'qualified' as const, stage_entered: '2026-11-01', touches: [{ date: '2026-11-05', channel: 'email' }] };
  it('rots after rotting_days without a touch, counting from the later of stage entry and last touch', () => {
    expect(isRotting(lead, 14, '2026-11-19')).toBe(false);
    expect(isRotting(lead, 14, '2026-11-20')).toBe(true);
    expect(isRotting(lead, undefined, '2027-01-01')).toBe(false);
  });
  it('counts touches and flags long emails', () => {
    expect(touchCount(lead)).toBe(1);
    expect(emailTooLong('email', 'x'.repeat(401), 400)).toBe(true);
    expect(emailTooLong('email', 'x'.repeat(400), 400)).toBe(false);
    expect(emailTooLong('call', 'x'.repeat(900), 400)).toBe(false);
  });
});

describe('time', () => {
  const cal = { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, holidays: ['2026-12-25'] };
  it('counts working days strictly after the first date (posted Friday: Monday is 1)', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-23', cal)).toBe(1);
    expect(workingDaysBetween('2026-11-20', '2026-11-24', cal)).toBe(2);
    expect(workingDaysBetween('2026-12-24', '2026-12-28', cal)).toBe(1);
  });
  it('counts by whole weeks exactly as day by day would, holidays and odd week shapes included', () => {
    const day = (n: number) => addDays('2024-01-01', n);
    const oneByOne = (from: string, to: string, c: WorkCalendar) => {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDate(d, c)) n++;
      return n;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: -20, max: 900 }),
        fc.subarray([...WEEKDAYS]),
        fc.array(fc.integer({ min: 0, max: 2500 }), { maxLength: 8 }),
        (start, span, workingDays, holidays) => {
          const c = { workingDays, holidays: holidays.map(day) };
          expect(workingDaysBetween(day(start), day(start + span), c)).toBe(oneByOne(day(start), day(start + span), c));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('takes calendar dates in the ledger timezone', () => {
    expect(dateIn(new Date('2026-11-23T23:30:00Z'), 'Europe/Stockholm')).toBe('2026-11-24');
    expect(dateIn(new Date('2026-11-23T23:30:00Z'), 'UTC')).toBe('2026-11-23');
  });
  /** The formatter's date in `zone`: what dateIn must give. */
  const formatter = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const expectDate = (ms: number, zone: string) => {
    const f = formatters.get(zone) ?? formatters.set(zone, formatter(zone)).get(zone)!;
    const got = dateIn(new Date(ms), zone);
    // One message naming the instant, instead of thousands of passing expects.
    if (got !== f.format(ms)) expect(`${zone} ${new Date(ms).toISOString()} ${got}`).toBe(`${zone} ${new Date(ms).toISOString()} ${f.format(ms)}`);
  };
  /** Any instant from 1890 to 2100, or one a second or less either side of a quarter hour, where clocks change and days may start. */
  const instants = fc.oneof(
    fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.tuple(fc.integer({ min: 0, max: 130 * 365 * 96 }), fc.integer({ min: -1000, max: 1000 })).map(([q, d]) => Date.UTC(1970, 0, 1) + q * 900_000 + d),
  );
  /**
   * Days that did not start on a quarter hour of UTC: St. John's turned its clocks back at 00:01
   * until 2011 (every minute around that night), and Amsterdam was +00:19:32 until 1937.
   */
  const expectOddDays = () => {
    for (let ms = Date.UTC(2010, 10, 7, 0); ms < Date.UTC(2010, 10, 7, 6); ms += 60_000) for (const at of [ms, ms + 59_999]) expectDate(at, 'America/St_Johns');
    for (let ms = Date.UTC(1930, 5, 1, 23); ms < Date.UTC(1930, 5, 2, 1); ms += 7_000) expectDate(ms, 'Europe/Amsterdam');
  };
  it('gives the formatter\'s own date for any instant, with the quarter-hour memo (odd offsets and DST too)', () => {
    const zones = ['UTC', 'Europe/Stockholm', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Eucla', 'Pacific/Chatham', 'America/Sao_Paulo', 'Pacific/Apia'];
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (ms, zone) => {
        // Twice: the second answer comes from the memo.
        for (let i = 0; i < 2; i++) expectDate(ms, zone);
      }),
      { numRuns: 5000 },
    );
    expectOddDays();
  });
  it('reads dates through TZ (the command line\'s zone reader) the same as the formatter, and puts TZ back', () => {
    const zones = ['UTC', 'Europe/Stockholm', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'US/Pacific', 'Etc/GMT+12', 'Pacific/Apia', 'Africa/Casablanca', 'Australia/Lord_Howe', 'Antarctica/Troll', 'Asia/Calcutta'];
    const saved = process.env.TZ;
    readZonesWith(zoneOffsetsByTz);
    try {
      for (const tz of [undefined, 'Asia/Tokyo']) {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
        fc.assert(
          fc.property(instants, fc.constantFrom(...zones), (ms, zone) => {
            expectDate(ms, zone);
            expect(process.env.TZ).toBe(tz);
          }),
          { numRuns: 3000 },
        );
      }
      // Every quarter hour of a year (and the millisecond before it) in zones whose clocks change
      // often, by odd amounts, or twice a year and back for Ramadan.
      for (const zone of ['Europe/Stockholm', 'Africa/Casablanca', 'Australia/Lord_Howe', 'America/St_Johns']) {
        for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 900_000) for (const at of [ms - 1, ms]) expectDate(at, zone);
      }
      expectOddDays();
      // Midnight in a zone, found through the reader's offsets and through the formatter's.
      const starts = (day: string, zone: string) => [startOfDayIn(day, zone).getTime(), endOfDayIn(day, zone).getTime()];
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 200 * 365 }), fc.constantFrom(...zones), (n, zone) => {
          const day = new Date(Date.UTC(1930, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const read = starts(day, zone);
          readZonesWith(undefined);
          try {
            expect(read).toEqual(starts(day, zone));
          } finally {
            readZonesWith(zoneOffsetsByTz);
          }
        }),
        { numRuns: 300 },
      );
      // A name ICU does not know is refused as the formatter refuses it (TZ alone would take it for UTC).
      expect(() => dateIn(new Date(0), 'Europe/Atlantis')).toThrow(RangeError);
    } finally {
      readZonesWith(undefined);
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
  it('answers an instant asked again at once, but never across zones or readers', () => {
    const t = new Date('2026-11-23T00:30:00Z');
    readZonesWith(zoneOffsetsByTz);
    try {
      expect(dateIn(t, 'UTC')).toBe('2026-11-23');
      expect(dateIn(t, 'America/Sao_Paulo')).toBe('2026-11-22');
      expect(dateIn(t, 'America/Sao_Paulo')).toBe('2026-11-22');
      expect(dateIn(t, 'UTC')).toBe('2026-11-23');
      // Another reader is asked afresh (this one puts every zone two hours behind UTC).
      readZonesWith(() => () => -7_200_000);
      expect(dateIn(t, 'UTC')).toBe('2026-11-22');
      expect(dateIn(new Date(t.getTime() + 7_200_000), 'UTC')).toBe('2026-11-23');
    } finally {
      readZonesWith(undefined);
    }
    expect(dateIn(t, 'UTC')).toBe('2026-11-23');
  });
  it('knows IANA zones and their aliases, and nothing else', () => {
    for (const tz of ['UTC', 'Europe/Stockholm', 'US/Pacific', 'Asia/Calcutta', 'Etc/GMT-14']) expect(isValidTimeZone(tz), tz).toBe(true);
    for (const tz of ['Europe/Atlantis', 'europe/stockholm ', '', 'UTC+1', '../../etc/passwd']) expect(isValidTimeZone(tz), tz).toBe(false);
  });
  it('adds days and counts them between dates as Date does, by arithmetic', () => {
    const viaDate = (date: string, days: number) => {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
    const first = Date.parse('0000-01-01T00:00:00Z') / 86_400_000;
    const last = Date.parse('9999-12-31T00:00:00Z') / 86_400_000;
    const dayOf = fc.integer({ min: first, max: last });
    fc.assert(
      fc.property(dayOf, dayOf, fc.integer({ min: -40_000, max: 40_000 }), (a, b, n) => {
        expect(daysBetween(day(a), day(b))).toBe(Math.round((Date.parse(`${day(b)}T00:00:00Z`) - Date.parse(`${day(a)}T00:00:00Z`)) / 86_400_000));
        const sum = a + n;
        if (sum >= first && sum <= last) expect(addDays(day(a), n)).toBe(viaDate(day(a), n));
      }),
      { numRuns: 5000 },
    );
    for (const [date, n, want] of [['2024-02-28', 1, '2024-02-29'], ['2100-02-28', 1, '2100-03-01'], ['2000-02-29', 365, '2001-02-28']] as const) expect(addDays(date, n)).toBe(want);
    // Past the four-digit years, as Date has it.
    for (const [date, n] of [['0000-01-01', -1], ['9999-12-31', 1]] as const) expect(addDays(date, n)).toBe(viaDate(date, n));
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(Number.isNaN(daysBetween('2026-02-30', '2026-03-01'))).toBe(Number.isNaN(Math.round((Date.parse('2026-03-01T00:00:00Z') - Date.parse('2026-02-30T00:00:00Z')) / 86_400_000)));
  });
  it('goes back months to the same day, clamped to the month end', () => {
    expect(addMonths('2026-11-23', -2)).toBe('2026-09-23');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
  });
});

describe('ISO dates', () => {
  it('accepts real calendar dates only', async () => {
    const { isIsoDate, isIsoDateTime } = await import('../../src/domain/time.js');
    expect(['2026-11-23', '2024-02-29', '2000-02-29', '2026-12-31'].every(isIsoDate)).toBe(true);
    expect(['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-11-00', '23/11/2026', '2026-11-23 ', '2026-1-2'].some(isIsoDate)).toBe(false);
    expect(isIsoDateTime('2026-11-23T09:30:00Z')).toBe(true);
    expect(isIsoDateTime('2026-11-23T09:30:00.123+01:00')).toBe(true);
    expect(isIsoDateTime('2026-11-23 09:30')).toBe(false);
    expect(isIsoDateTime('2026-11-23T09:30:00')).toBe(false);
  });

  it('agrees with the calendar on any text shaped like a date, or not', async () => {
    const { isIsoDate, ISO_DATE } = await import('../../src/domain/time.js');
    // The reference: the pattern, then a round trip through Date (which rolls 02-30 over to March).
    const real = (s: string) => {
      const t = ISO_DATE.test(s) ? new Date(`${s}T00:00:00Z`) : undefined;
      return !!t && !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
    };
    const d = (n: number) => String(n).padStart(2, '0');
    const dateLike = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, dd]) => `${String(y).padStart(4, '0')}-${d(m)}-${d(dd)}`);
    const odd = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[0-9 +-]{8,11}$/), dateLike.map((s) => s.replace(/[0-9]/, '٣')));
    fc.assert(
      fc.property(fc.oneof(dateLike, odd), (s) => {
        expect(isIsoDate(s), s).toBe(real(s));
      }),
      { numRuns: 5000 },
    );
  });
});
