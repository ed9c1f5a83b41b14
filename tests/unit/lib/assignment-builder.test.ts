import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readDue } from '../../../src/components/assignment/builder-client';
import { problemsByField } from '../../../src/lib/assignment';

describe('readDue', () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env['TZ'];
    process.env['TZ'] = 'Europe/Berlin';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  });

  test('stores the wall-clock time with the offset the zone has on that date', () => {
    expect(readDue('2030-01-15', '17:00')).toEqual({ due: '2030-01-15T17:00:00+01:00' });
    expect(readDue('2030-07-01', '17:00')).toEqual({ due: '2030-07-01T17:00:00+02:00' });
  });

  test('takes 23:59 when only a date is given, and no due date when neither is', () => {
    expect(readDue('2030-01-15', '')).toEqual({ due: '2030-01-15T23:59:00+01:00' });
    expect(readDue('', '')).toEqual({ due: null });
  });

  test('refuses a time without a date and a time the clocks skip', () => {
    expect(readDue('', '10:00')).toEqual({ problem: 'Pick a date for the time, or clear the time.' });
    expect(readDue('2030-03-31', '02:30')).toEqual({ problem: '02:30 does not exist on that day in your time zone (the clocks change then). Pick another time.' });
  });

  test('refuses a year the link cannot carry', () => {
    expect(readDue('1999-12-31', '10:00')).toEqual({ problem: 'That date is not valid; pick a day from 2000 to 2999.' });
  });
});

describe('problemsByField', () => {
  test('puts each problem next to the field it concerns', () => {
    const problems = problemsByField({ title: '', due: '2030-02-30T10:00:00Z', exercises: [], lessons: ['nope'] }, { exerciseIds: ['bounded-queue'], lessonIds: [] });
    expect(problems).toEqual({
      title: ['The title is empty.'],
      due: ['The due date "2030-02-30T10:00:00Z" names a day that does not exist.'],
      exercises: ['The assignment names no exercises; pick at least one.'],
      lessons: ['Unknown lesson "nope".'],
    });
  });
});
