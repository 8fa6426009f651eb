import { expect } from 'expect';
import { describe, it } from 'node:test';
import { documentTokens, MAX_WORD_PREFIX, queryTokens } from './search-tokens';

const matches = (title: string, query: string) => {
  const doc = new Set(documentTokens(title));
  const wanted = queryTokens(query);
  return wanted.length > 0 && wanted.every((t) => doc.has(t));
};

describe('search tokens', () => {
  it('stores Han characters and their bigrams, and latin words with their prefixes', () => {
    expect(documentTokens('纯棉T恤').sort()).toEqual(['t', '恤', '棉', '纯', '纯棉'].sort());
    expect(documentTokens('Cotton Tee')).toEqual(
      expect.arrayContaining(['c', 'co', 'cot', 'cott', 'cotto', 'cotton', 't', 'te', 'tee']),
    );
  });

  it('finds two-character Chinese words, single characters and longer phrases', () => {
    expect(matches('纯棉T恤', '纯棉')).toBe(true);
    expect(matches('纯棉T恤', '棉')).toBe(true);
    expect(matches('男士纯棉圆领短袖T恤', '纯棉 短袖')).toBe(true);
    expect(matches('纯棉T恤', 'T恤')).toBe(true);
    expect(matches('纯棉T恤', '真丝')).toBe(false);
    expect(matches('棉纯T恤', '纯棉')).toBe(false);
  });

  it('finds English words and prefixes case-insensitively, in any order', () => {
    expect(matches('Cotton Tee', 'cotton')).toBe(true);
    expect(matches('Cotton Tee', 'Cott')).toBe(true);
    expect(matches('Cotton Tee', 'tee COTTON')).toBe(true);
    expect(matches('Cotton Tee', 'otton')).toBe(false);
    expect(matches('Cotton Tee', 'silk')).toBe(false);
  });

  it('normalises full-width letters and mixes scripts', () => {
    expect(matches('ＣＯＴＴＯＮ 纯棉', 'cotton 纯棉')).toBe(true);
    expect(matches('iPhone15 手机壳', 'iphone15')).toBe(true);
  });

  it('has no tokens for punctuation only and caps long words', () => {
    expect(queryTokens('  !!, ')).toEqual([]);
    const long = 'a'.repeat(50);
    expect(documentTokens(long)).toHaveLength(MAX_WORD_PREFIX);
    expect(matches(long, long)).toBe(true);
  });
});
