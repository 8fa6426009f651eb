// Search tokens of a title, written beside it in a GIN-indexed text[] column and queried with `@>`.
//
// Why not pg_trgm: on this database (lc_ctype C.UTF-8) pg_trgm does index Han characters, but a trigram index
// cannot serve a query shorter than three characters, and most Chinese search words are two (纯棉, 衬衫): those
// fall back to a sequential scan. Tokens fix that with one rule for each script:
// - Han/Kana/Hangul runs give every single character and every bigram ("纯棉T恤" -> 纯, 棉, 纯棉, 恤);
//   a query gives its bigrams (or its one character), so any run of 1+ characters is found.
// - Other letters and digits form words, lowercased after NFKC (full-width ＴＥＥ -> tee), stored with every
//   prefix ("cotton" -> c, co, ..., cotton); a query word must be a prefix of a title word ("Cott" finds "Cotton").
// A product matches when its tokens contain every token of the query.

const CJK_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]';
const CJK = new RegExp(CJK_CLASS, 'u');
// A CJK run, or a run of other letters and digits.
const RUNS = new RegExp(`${CJK_CLASS}+|(?:(?!${CJK_CLASS})[\\p{L}\\p{N}])+`, 'gu');

/** Longest prefix stored per word; longer query words are cut to it. */
export const MAX_WORD_PREFIX = 32;
/** A query keeps at most this many tokens (a longer one narrows no further in practice). */
export const MAX_QUERY_TOKENS = 16;

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
}

function isCjk(run: string): boolean {
  return CJK.test(run);
}

/** Tokens stored for a title. */
export function documentTokens(...texts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const run of runs(text ?? '')) {
      const chars = [...run];
      if (isCjk(run)) {
        chars.forEach((c, i) => {
          tokens.add(c);
          if (i + 1 < chars.length) tokens.add(c + chars[i + 1]);
        });
      } else {
        for (let n = 1; n <= Math.min(chars.length, MAX_WORD_PREFIX); n++) tokens.add(chars.slice(0, n).join(''));
      }
    }
  }
  return [...tokens];
}

/** Tokens a title must all contain to match the query; empty when the query has no letters or digits. */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const run of runs(query)) {
    const chars = [...run];
    if (isCjk(run)) {
      if (chars.length === 1) tokens.add(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i] + chars[i + 1]);
    } else {
      tokens.add(chars.slice(0, MAX_WORD_PREFIX).join(''));
    }
  }
  return [...tokens].slice(0, MAX_QUERY_TOKENS);
}
