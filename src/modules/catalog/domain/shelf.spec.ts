import { expect } from 'expect';
import { describe, it } from 'node:test';
import { isOnShelf, ProductStatus, published, scheduleError, unpublished } from './shelf';

const now = new Date('2030-01-01T12:00:00Z');
const before = new Date(now.getTime() - 1000);
const after = new Date(now.getTime() + 1000);

describe('shelf rule', () => {
  it('shows published products and hides drafts and unpublished ones', () => {
    expect(isOnShelf({ status: ProductStatus.OnShelf, publishAt: null, unpublishAt: null }, now)).toBe(true);
    expect(isOnShelf({ status: ProductStatus.Draft, publishAt: null, unpublishAt: null }, now)).toBe(false);
    expect(isOnShelf({ status: ProductStatus.OffShelf, publishAt: null, unpublishAt: null }, now)).toBe(false);
  });

  it('honours a due publish time and a due unpublish time before any job runs', () => {
    expect(isOnShelf({ status: ProductStatus.Draft, publishAt: before, unpublishAt: null }, now)).toBe(true);
    expect(isOnShelf({ status: ProductStatus.Draft, publishAt: after, unpublishAt: null }, now)).toBe(false);
    expect(isOnShelf({ status: ProductStatus.OnShelf, publishAt: null, unpublishAt: before }, now)).toBe(false);
    expect(isOnShelf({ status: ProductStatus.OnShelf, publishAt: null, unpublishAt: after }, now)).toBe(true);
    expect(isOnShelf({ status: ProductStatus.Draft, publishAt: before, unpublishAt: now }, now)).toBe(false);
  });

  it('refuses a window that closes before it opens', () => {
    expect(scheduleError(after, before)).toMatch(/before/);
    expect(scheduleError(before, after)).toBeNull();
    expect(scheduleError(null, before)).toBeNull();
  });

  it('publishing spends the publish time and drops a past unpublish time; unpublishing cancels both', () => {
    expect(published({ status: ProductStatus.Draft, publishAt: after, unpublishAt: before }, now)).toEqual({
      status: ProductStatus.OnShelf,
      publishAt: null,
      unpublishAt: null,
    });
    expect(published({ status: ProductStatus.Draft, publishAt: null, unpublishAt: after }, now).unpublishAt).toBe(after);
    expect(unpublished({ status: ProductStatus.OnShelf, publishAt: after, unpublishAt: after })).toEqual({
      status: ProductStatus.OffShelf,
      publishAt: null,
      unpublishAt: null,
    });
  });
});
