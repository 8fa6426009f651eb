// When a product is on the shelf. Staff publish and unpublish at once, or schedule either with
// publishAt / unpublishAt. A due time takes effect at that instant: the store read filter below applies it
// even before the repeating job (jobs/shelf-schedule.processor.ts) writes the new status down.

export enum ProductStatus {
  Draft = 'draft',
  OnShelf = 'on_shelf',
  OffShelf = 'off_shelf',
}

export interface ShelfState {
  status: ProductStatus;
  publishAt: Date | null;
  unpublishAt: Date | null;
}

/** On the shelf at `now`: not past its unpublish time, and published or past its publish time. */
export function isOnShelf(p: Omit<ShelfState, 'status'> & { status: string }, now: Date = new Date()): boolean {
  const t = now.getTime();
  if (p.unpublishAt && p.unpublishAt.getTime() <= t) return false;
  return p.status === ProductStatus.OnShelf || (p.publishAt !== null && p.publishAt.getTime() <= t);
}

/** The same rule in SQL, for a products table alias; `now()` is the statement's time. */
export function onShelfSql(alias: string): string {
  return (
    `(${alias}.unpublish_at IS NULL OR ${alias}.unpublish_at > now()) ` +
    `AND (${alias}.status = '${ProductStatus.OnShelf}' OR ${alias}.publish_at <= now())`
  );
}

/** A window opens before it closes; both times may be absent. */
export function scheduleError(publishAt: Date | null, unpublishAt: Date | null): string | null {
  if (publishAt && unpublishAt && publishAt.getTime() >= unpublishAt.getTime()) {
    return 'publishAt must be before unpublishAt';
  }
  return null;
}

/** Immediate publish: on the shelf now; a pending publish time is spent, an unpublish time already past is dropped. */
export function published(p: ShelfState, now: Date = new Date()): ShelfState {
  return {
    status: ProductStatus.OnShelf,
    publishAt: null,
    unpublishAt: p.unpublishAt && p.unpublishAt.getTime() > now.getTime() ? p.unpublishAt : null,
  };
}

/** Immediate unpublish: off the shelf and every pending schedule cancelled, so nothing puts it back unasked. */
export function unpublished(p: ShelfState): ShelfState {
  return {
    status: p.status === ProductStatus.Draft ? ProductStatus.Draft : ProductStatus.OffShelf,
    publishAt: null,
    unpublishAt: null,
  };
}
