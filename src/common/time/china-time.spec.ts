import { expect } from 'expect';
import { describe, it } from 'node:test';
import { chinaLocalIso } from './china-time';

describe('chinaLocalIso', () => {
  it('shows the moment in UTC+8, across the date line', () => {
    expect(chinaLocalIso(new Date('2026-11-22T17:30:05Z'))).toBe('2026-11-23T01:30:05');
    expect(chinaLocalIso(new Date('2026-11-22T00:00:00.999Z'))).toBe('2026-11-22T08:00:00');
  });
});
