import { expect } from 'expect';
import { describe, it } from 'node:test';
import { allocate, applyRate, formatMajor, multiply, parseMajor, sum } from './money';

describe('money', () => {
  it('allocates by largest remainder so that parts add up to the whole', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [3000, 2000, 5000])).toEqual([300, 200, 500]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    expect(allocate(500, [0, 0])).toEqual([250, 250]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-33, -33, -34]);
  });

  it('keeps allocations exact over many random cases', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 2000; run++) {
      const weights = Array.from({ length: 1 + random(8) }, () => random(100_000));
      const total = random(10_000_000);
      const parts = allocate(total, weights);
      expect(sum(parts)).toBe(total);
      const weightSum = weights.reduce((a, b) => a + b, 0);
      parts.forEach((part, i) => {
        const exact = weightSum ? (total * weights[i]) / weightSum : total / weights.length;
        expect(Math.abs(part - exact)).toBeLessThan(1);
      });
    }
  });

  it('applies a basis-point rate rounding half up', () => {
    expect(applyRate(999, 5000)).toBe(500); // 499.5 -> 500
    expect(applyRate(999, 8800)).toBe(879); // 879.12
    expect(applyRate(-999, 5000)).toBe(-500);
    expect(applyRate(9_007_199_254_740_991, 10_000)).toBe(9_007_199_254_740_991);
  });

  it('parses and formats yuan strings exactly', () => {
    expect(parseMajor('0.01')).toBe(1);
    expect(parseMajor('12.3')).toBe(1230);
    expect(parseMajor('100')).toBe(10000);
    expect(parseMajor('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(() => parseMajor('1.234')).toThrow();
    expect(() => parseMajor('1e3')).toThrow();
    expect(() => parseMajor('')).toThrow();
    expect(formatMajor(1230)).toBe('12.30');
    expect(formatMajor(5)).toBe('0.05');
    expect(formatMajor(-5)).toBe('-0.05');
  });

  it('refuses fractional minor units', () => {
    expect(() => multiply(10.5, 2)).toThrow();
    expect(() => sum([1, 0.1])).toThrow();
  });
});
