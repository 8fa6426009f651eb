import { expect } from 'expect';
import { describe, it } from 'node:test';
import { chinaDate, chinaDayBounds, chinaLocalIso, parseChinaLocal } from './china-time';

describe('chinaLocalIso', () => {
  it('shows the moment in UTC+8, across the date line', () => {
    expect(chinaLocalIso(new Date('2026-11-22T17:30:05Z'))).toBe('2026-11-23T01:30:05');
    expect(chinaLocalIso(new Date('2026-11-22T00:00:00.999Z'))).toBe('2026-11-22T08:00:00');
  });
});

describe('China-time days', () => {
  it('names the day a moment falls on in China, and the moments a day spans', () => {
    expect(chinaDate(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
    expect(chinaDate(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(chinaDayBounds('2026-11-30')).toEqual({
      from: new Date('2026-11-29T16:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
    });
  });
});

describe('parseChinaLocal', () => {
  it('reads a China wall-clock time as the moment it names, across the date line', () => {
    expect(parseChinaLocal('2026-11-23 01:30:05')).toEqual(new Date('2026-11-22T17:30:05Z'));
    expect(parseChinaLocal('2026-01-01 07:59:59')).toEqual(new Date('2025-12-31T23:59:59Z'));
    expect(parseChinaLocal('2026-11-23T08:00')).toEqual(new Date('2026-11-23T00:00:00Z'));
  });

  it('refuses what is not a time or names no real one', () => {
    for (const text of [
      '',
      '2026-11-23',
      '2026/11/23 10:00:00',
      '2026-02-30 10:00:00',
      '2026-11-23 24:00:00',
      '2026-11-23 10:61:00',
      '2026-11-23 10:00:00+08:00',
    ]) {
      expect(parseChinaLocal(text)).toBeNull();
    }
  });
});
