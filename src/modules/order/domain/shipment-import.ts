import type { CsvRecord } from '../../../common/csv/csv';
import { ShipmentImportErrorCode } from '../shipment-import.errors';

// The CSV format of batch shipping. One row per parcel, or per SKU of a parcel: rows that share
// order_number + carrier + tracking_number form one parcel (one shipment). A row without sku_code ships
// everything of the order not shipped yet; rows with sku_code + quantity ship those units of the order's
// line with that SKU code. Header names are matched in any case; the Chinese names that carrier software
// exports are accepted too. Unknown columns are refused: a misspelt `quantity` must not ship a whole order.
//
// | column          | required | aliases                     | meaning                                      |
// |-----------------|----------|-----------------------------|----------------------------------------------|
// | order_number    | yes      | 订单号, 订单编号            | the order's number (2026112200000042)         |
// | carrier         | yes      | 快递公司, 物流公司          | carrier code or name, e.g. SF (≤ 50 chars)   |
// | tracking_number | yes      | 快递单号, 运单号, 物流单号  | ≤ 100 chars                                  |
// | sku_code        |          | 商品编码, sku编码           | ships part of the order: this SKU's line     |
// | quantity        |          | 数量, 发货数量              | units of that line, with sku_code            |

export const SHIPMENT_COLUMNS = ['order_number', 'carrier', 'tracking_number', 'sku_code', 'quantity'] as const;
export type ShipmentColumn = (typeof SHIPMENT_COLUMNS)[number];
const REQUIRED: readonly ShipmentColumn[] = ['order_number', 'carrier', 'tracking_number'];
const ALIASES: Record<string, ShipmentColumn> = {
  订单号: 'order_number',
  订单编号: 'order_number',
  快递公司: 'carrier',
  物流公司: 'carrier',
  快递单号: 'tracking_number',
  运单号: 'tracking_number',
  物流单号: 'tracking_number',
  商品编码: 'sku_code',
  sku编码: 'sku_code',
  数量: 'quantity',
  发货数量: 'quantity',
};
const MAX_QUANTITY = 999;

export type ShipmentColumns = Map<ShipmentColumn, number>;

/** Maps header names (any case, surrounding spaces ignored, aliases) to positions; names unknown or missing columns. */
export function readShipmentHeader(fields: readonly string[]): { columns: ShipmentColumns; problems: string[] } {
  const columns: ShipmentColumns = new Map();
  const problems: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!name) return;
    const column = (SHIPMENT_COLUMNS as readonly string[]).includes(name) ? (name as ShipmentColumn) : ALIASES[name];
    if (!column) problems.push(`unknown column "${raw.trim()}"`);
    else if (columns.has(column)) problems.push(`column "${column}" appears twice`);
    else columns.set(column, i);
  });
  for (const required of REQUIRED) if (!columns.has(required)) problems.push(`missing column "${required}"`);
  return { columns, problems };
}

export interface ShipmentRow {
  line: number;
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  skuCode: string | null;
  quantity: number | null;
}

/** A row that cannot ship, with what it said (for the report). */
export interface ShipmentRowFailure extends ShipmentRow {
  code: string;
  message: string;
}

export interface Parcel {
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  rows: ShipmentRow[];
  /** Units per SKU code (repeated codes add up), or null: everything not shipped yet. */
  items: { skuCode: string; quantity: number }[] | null;
}

// Spreadsheets mangle long digit strings, so exports often guard them as `="2026..."`, `'2026...` or a leading tab.
function unguard(text: string): string {
  const t = text.trim();
  const formula = /^="(.*)"$/.exec(t);
  if (formula) return formula[1].trim();
  return t.replace(/^'/, '').trim();
}

/** One CSV record to a row, or the reason it cannot ship. */
export function parseShipmentRow(
  record: CsvRecord,
  columns: ShipmentColumns,
): { row: ShipmentRow } | { failure: ShipmentRowFailure } {
  const get = (c: ShipmentColumn) => {
    const at = columns.get(c);
    return at === undefined ? '' : unguard(record.fields[at] ?? '');
  };
  const rawQuantity = get('quantity');
  const row: ShipmentRow = {
    line: record.line,
    orderNumber: get('order_number'),
    carrier: get('carrier'),
    trackingNumber: get('tracking_number'),
    skuCode: get('sku_code') || null,
    quantity: /^\d{1,9}$/.test(rawQuantity) ? Number(rawQuantity) : null,
  };
  const fail = (message: string) => ({ failure: { ...row, code: ShipmentImportErrorCode.INVALID_SHIPMENT_ROW, message } });
  for (const column of REQUIRED) if (!get(column)) return fail(`${column} is required`);
  if (row.carrier.length > 50) return fail('carrier is longer than 50 characters');
  if (row.trackingNumber.length > 100) return fail('tracking_number is longer than 100 characters');
  if (rawQuantity && (row.quantity === null || row.quantity < 1 || row.quantity > MAX_QUANTITY)) {
    return fail(`quantity "${rawQuantity}" is not a whole number from 1 to ${MAX_QUANTITY}`);
  }
  if (row.skuCode && row.quantity === null) return fail('quantity is required with sku_code');
  if (!row.skuCode && row.quantity !== null) return fail('quantity needs the sku_code of the line it ships');
  return { row };
}

/**
 * Rows to parcels, in the order of their first line. A parcel's rows either all name sku_code + quantity or
 * none does (repeated whole-order rows are one parcel); a parcel mixing both fails as a whole.
 */
export function groupParcels(rows: readonly ShipmentRow[]): { parcels: Parcel[]; failures: ShipmentRowFailure[] } {
  const byKey = new Map<string, ShipmentRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.orderNumber, row.carrier, row.trackingNumber]);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const parcels: Parcel[] = [];
  const failures: ShipmentRowFailure[] = [];
  for (const group of byKey.values()) {
    const partial = group.filter((r) => r.skuCode !== null);
    if (partial.length && partial.length < group.length) {
      const message = `the parcel mixes rows with and without sku_code (lines ${group.map((r) => r.line).join(', ')})`;
      failures.push(...group.map((r) => ({ ...r, code: ShipmentImportErrorCode.INVALID_SHIPMENT_ROW, message })));
      continue;
    }
    let items: Parcel['items'] = null;
    if (partial.length) {
      const units = new Map<string, number>();
      for (const r of partial) units.set(r.skuCode!, (units.get(r.skuCode!) ?? 0) + r.quantity!);
      items = [...units].map(([skuCode, quantity]) => ({ skuCode, quantity }));
    }
    const [first] = group;
    parcels.push({
      orderNumber: first.orderNumber,
      carrier: first.carrier,
      trackingNumber: first.trackingNumber,
      rows: group,
      items,
    });
  }
  return { parcels, failures };
}
