import { MoneyError, parseMajor } from '../../../common/money';
import type { CsvRecord } from '../../../common/csv/csv';
import { ProductStatus } from './shelf';
import { SpecDefinition, validateSkus } from './sku-specs';

// The CSV format of the bulk product import. One row per SKU; rows that share `product_key` form one product
// (the key only groups rows inside the file). Product columns are read from the product's first row; later rows
// may repeat them or leave them empty. Lists are separated by `|`, specs are `name:value` pairs.
//
// | column               | required | meaning                                                             |
// |----------------------|----------|---------------------------------------------------------------------|
// | product_key          | yes      | groups the rows of one product                                      |
// | title                | yes      | product title (first row of the product)                            |
// | subtitle             |          |                                                                     |
// | description          |          |                                                                     |
// | category             | yes      | category id, or its path of names from the root: `服装>男装>T恤`    |
// | brand                |          | brand id or name (must exist)                                       |
// | supplier             |          | supplier id or name (must exist)                                    |
// | tags                 |          | `hot|new`                                                           |
// | images               |          | image URLs, `https://a.jpg|https://b.jpg`                           |
// | status               |          | `draft` (default) or `on_shelf`                                     |
// | sku_code             | yes      | unique in the whole store                                           |
// | specs                |          | `颜色:红|尺码:M`; the product's specs are gathered from its rows    |
// | price_yuan           | yes      | yuan with at most 2 decimals (`59.90`), stored as fen               |
// | original_price_yuan  |          | yuan, at least the price                                            |
// | member_price_yuan    |          | yuan, at most the price                                             |
// | weight_grams         |          | whole grams                                                         |
// | stock                |          | initial units on hand (default 0)                                   |
// | low_stock_threshold  |          | warn when available stock falls below this                          |

export const IMPORT_COLUMNS = [
  'product_key',
  'title',
  'subtitle',
  'description',
  'category',
  'brand',
  'supplier',
  'tags',
  'images',
  'status',
  'sku_code',
  'specs',
  'price_yuan',
  'original_price_yuan',
  'member_price_yuan',
  'weight_grams',
  'stock',
  'low_stock_threshold',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['product_key', 'title', 'category', 'sku_code', 'price_yuan'];
const PRODUCT_COLUMNS = [
  'title',
  'subtitle',
  'description',
  'category',
  'brand',
  'supplier',
  'tags',
  'images',
  'status',
] as const;
type ProductColumn = (typeof PRODUCT_COLUMNS)[number];

export type Columns = Map<ImportColumn, number>;

/** Maps header names (any case, surrounding spaces ignored) to positions; names unknown or missing columns. */
export function readHeader(fields: readonly string[]): { columns: Columns; problems: string[] } {
  const columns: Columns = new Map();
  const problems: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!name) return;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) problems.push(`unknown column "${raw.trim()}"`);
    else if (columns.has(name as ImportColumn)) problems.push(`column "${name}" appears twice`);
    else columns.set(name as ImportColumn, i);
  });
  for (const required of REQUIRED_COLUMNS) if (!columns.has(required)) problems.push(`missing column "${required}"`);
  return { columns, problems };
}

export interface ImportProductFields {
  title: string;
  subtitle: string | null;
  description: string | null;
  category: string;
  brand: string | null;
  supplier: string | null;
  tags: string[];
  images: string[];
  status: ProductStatus.Draft | ProductStatus.OnShelf;
}

export interface ImportSku {
  line: number;
  code: string;
  specs: Record<string, string>;
  price: number;
  originalPrice: number | null;
  memberPrice: number | null;
  weightGrams: number | null;
  stock: number;
  lowStockThreshold: number | null;
}

export interface ImportRow {
  line: number;
  productKey: string;
  raw: Record<ProductColumn, string>;
  sku: ImportSku;
}

export interface RowFailure {
  line: number;
  productKey: string | null;
  skuCode: string | null;
  message: string;
}

export interface ImportGroup {
  productKey: string;
  product: ImportProductFields;
  specs: SpecDefinition[];
  skus: ImportSku[];
}

const list = (text: string) =>
  text
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

function yuan(text: string, column: string): number | null {
  if (!text) return null;
  let fen: number;
  try {
    fen = parseMajor(text);
  } catch (error) {
    if (error instanceof MoneyError) throw new Error(`${column} "${text}" is not an amount in yuan with at most 2 decimals`);
    throw error;
  }
  if (fen < 0) throw new Error(`${column} must not be negative`);
  return fen;
}

function whole(text: string, column: string): number | null {
  if (!text) return null;
  if (!/^\d{1,9}$/.test(text)) throw new Error(`${column} "${text}" is not a whole number`);
  return Number(text);
}

function specs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of list(text)) {
    const at = pair.search(/[:：]/);
    const name = at < 0 ? '' : pair.slice(0, at).trim();
    const value = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!name || !value) throw new Error(`specs "${pair}" is not a name:value pair`);
    if (name in result) throw new Error(`specs name "${name}" appears twice`);
    result[name] = value;
  }
  return result;
}

/** One CSV record to a row, or the reason it cannot be one. */
export function parseRow(record: CsvRecord, columns: Columns): { row: ImportRow } | { failure: RowFailure } {
  const get = (c: ImportColumn) => {
    const at = columns.get(c);
    return at === undefined ? '' : (record.fields[at] ?? '').trim();
  };
  const productKey = get('product_key');
  const code = get('sku_code');
  const fail = (message: string) => ({
    failure: { line: record.line, productKey: productKey || null, skuCode: code || null, message },
  });
  if (!productKey) return fail('product_key is required');
  if (!code) return fail('sku_code is required');
  if (code.length > 64) return fail('sku_code is longer than 64 characters');
  const status = get('status');
  if (status && status !== ProductStatus.Draft && status !== ProductStatus.OnShelf) {
    return fail(`status "${status}" is not draft or on_shelf`);
  }
  try {
    const price = yuan(get('price_yuan'), 'price_yuan');
    if (price === null) return fail('price_yuan is required');
    const raw = Object.fromEntries(PRODUCT_COLUMNS.map((c) => [c, get(c)])) as Record<ProductColumn, string>;
    return {
      row: {
        line: record.line,
        productKey,
        raw,
        sku: {
          line: record.line,
          code,
          specs: specs(get('specs')),
          price,
          originalPrice: yuan(get('original_price_yuan'), 'original_price_yuan'),
          memberPrice: yuan(get('member_price_yuan'), 'member_price_yuan'),
          weightGrams: whole(get('weight_grams'), 'weight_grams'),
          stock: whole(get('stock'), 'stock') ?? 0,
          lowStockThreshold: whole(get('low_stock_threshold'), 'low_stock_threshold'),
        },
      },
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** The product's specs as its SKUs use them: names and values in order of first appearance. */
export function gatherSpecs(skus: readonly ImportSku[]): SpecDefinition[] {
  const specs = new Map<string, string[]>();
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specs)) {
      const values = specs.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      specs.set(name, values);
    }
  }
  return [...specs].map(([name, values]) => ({ name, values }));
}

/**
 * Groups rows into products and drops the rows that cannot be part of theirs, each with its reason: a
 * product column that contradicts the first row, a SKU code used earlier in the file, a SKU that lacks a spec
 * its siblings have or repeats their combination, prices out of order. A product whose first row lacks a
 * title or category fails with all its rows.
 */
export function groupRows(rows: readonly ImportRow[]): { groups: ImportGroup[]; failures: RowFailure[] } {
  const failures: RowFailure[] = [];
  const byKey = new Map<string, ImportRow[]>();
  for (const row of rows) byKey.set(row.productKey, [...(byKey.get(row.productKey) ?? []), row]);
  const codes = new Map<string, number>();
  const groups: ImportGroup[] = [];
  const fail = (row: ImportRow, message: string) =>
    failures.push({ line: row.line, productKey: row.productKey, skuCode: row.sku.code, message });

  for (const [productKey, members] of byKey) {
    const first = members[0];
    const missing = (['title', 'category'] as const).filter((c) => !first.raw[c]);
    if (missing.length) {
      const message = `${missing.join(' and ')} required on the first row of product "${productKey}" (line ${first.line})`;
      members.forEach((row) => fail(row, message));
      continue;
    }
    let skus: ImportRow[] = [];
    for (const row of members) {
      const clash = PRODUCT_COLUMNS.find((c) => row.raw[c] && row.raw[c] !== first.raw[c]);
      const earlier = codes.get(row.sku.code);
      if (clash) fail(row, `${clash} differs from the product's first row (line ${first.line})`);
      else if (earlier !== undefined) fail(row, `sku_code "${row.sku.code}" is already used on line ${earlier}`);
      else {
        codes.set(row.sku.code, row.line);
        skus.push(row);
      }
    }
    // Dropping a bad row can change the gathered specs, so check again until the rest agree.
    for (let pass = 0; pass < 3 && skus.length; pass++) {
      const errors = validateSkus(
        gatherSpecs(skus.map((r) => r.sku)),
        skus.map((r) => r.sku),
      );
      if (!errors.length) break;
      const bad = new Map<number, string[]>();
      for (const error of errors) {
        const match = /^skus\[(\d+)\]\.?(.*)$/.exec(error.field);
        if (!match) continue;
        const messages = bad.get(Number(match[1])) ?? [];
        const text = (m: string) => m.replace(/skus\[(\d+)\]/g, (_, n: string) => `line ${skus[Number(n)].line}`);
        messages.push(...error.messages.map((m) => `${importField(match[2])} ${text(m)}`.trim()));
        bad.set(Number(match[1]), messages);
      }
      skus.forEach((row, i) => bad.has(i) && fail(row, bad.get(i)!.join('; ')));
      skus = skus.filter((_, i) => !bad.has(i));
    }
    if (!skus.length) continue;
    groups.push({
      productKey,
      product: {
        title: first.raw.title,
        subtitle: first.raw.subtitle || null,
        description: first.raw.description || null,
        category: first.raw.category,
        brand: first.raw.brand || null,
        supplier: first.raw.supplier || null,
        tags: list(first.raw.tags),
        images: list(first.raw.images),
        status: (first.raw.status || ProductStatus.Draft) as ImportProductFields['status'],
      },
      specs: gatherSpecs(skus.map((r) => r.sku)),
      skus: skus.map((r) => r.sku),
    });
  }
  failures.sort((a, b) => a.line - b.line);
  return { groups, failures };
}

// `specs.颜色` -> `specs 颜色`, `originalPrice` -> `original_price_yuan`: the merchant's column names.
function importField(field: string): string {
  const names: Record<string, string> = {
    originalPrice: 'original_price_yuan',
    memberPrice: 'member_price_yuan',
    price: 'price_yuan',
    code: 'sku_code',
  };
  if (field.startsWith('specs.')) return `specs ${field.slice(6)}`;
  return names[field] ?? field;
}
