import type { FieldError } from '../../../common/errors';

// Rules for a product's specs (size, colour...) and the SKUs built from them. Pure: the admin API and
// the CSV import both call these, and each error names the field it is about (`skus[1].specs.颜色`).

export interface SpecDefinition {
  name: string;
  values: string[];
}

export interface SkuInput {
  code: string;
  specs?: Record<string, string> | null;
  price: number;
  originalPrice?: number | null;
  memberPrice?: number | null;
}

const push = (errors: FieldError[], field: string, message: string) => {
  const existing = errors.find((e) => e.field === field);
  if (existing) existing.messages.push(message);
  else errors.push({ field, messages: [message] });
};

/** Spec names unique, each with at least one value and no repeated value. */
export function validateSpecDefinitions(specs: readonly SpecDefinition[], path = 'specs'): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Map<string, number>();
  specs.forEach((spec, i) => {
    const name = spec.name.trim();
    if (!name) push(errors, `${path}[${i}].name`, 'must not be empty');
    if (names.has(name)) push(errors, `${path}[${i}].name`, `repeats the spec name of ${path}[${names.get(name)}]`);
    else names.set(name, i);
    if (!spec.values.length) push(errors, `${path}[${i}].values`, 'must list at least one value');
    const seen = new Set<string>();
    spec.values.forEach((value, j) => {
      if (!value.trim()) push(errors, `${path}[${i}].values[${j}]`, 'must not be empty');
      if (seen.has(value)) push(errors, `${path}[${i}].values[${j}]`, `repeats the value "${value}"`);
      seen.add(value);
    });
  });
  return errors;
}

/** The spec combination as a canonical string, in the order the product lists its specs. */
export function specKey(specs: readonly SpecDefinition[], skuSpecs: Record<string, string> | null | undefined): string {
  return JSON.stringify(specs.map((s) => skuSpecs?.[s.name] ?? null));
}

/**
 * Every SKU names every spec with one of its values and nothing else; no two SKUs share a combination or a
 * code; originalPrice is at least the price and memberPrice at most the price. A product without specs
 * therefore has exactly one SKU.
 */
export function validateSkus(specs: readonly SpecDefinition[], skus: readonly SkuInput[], path = 'skus'): FieldError[] {
  const errors: FieldError[] = [];
  if (!skus.length) push(errors, path, 'must list at least one SKU');
  const byName = new Map(specs.map((s) => [s.name, new Set(s.values)]));
  const combinations = new Map<string, number>();
  const codes = new Map<string, number>();
  skus.forEach((sku, i) => {
    const at = `${path}[${i}]`;
    const given = sku.specs ?? {};
    let complete = true;
    for (const [name, values] of byName) {
      const value = given[name];
      if (value === undefined || value === null) {
        push(errors, `${at}.specs.${name}`, 'is required: every SKU names a value of every spec');
        complete = false;
      } else if (!values.has(value)) {
        push(errors, `${at}.specs.${name}`, `"${value}" is not one of the values of spec "${name}"`);
        complete = false;
      }
    }
    for (const name of Object.keys(given)) {
      if (!byName.has(name)) {
        push(errors, `${at}.specs.${name}`, `"${name}" is not a spec of this product`);
        complete = false;
      }
    }
    if (complete) {
      const key = specKey(specs, given);
      const first = combinations.get(key);
      if (first !== undefined) push(errors, `${at}.specs`, `repeats the spec combination of ${path}[${first}]`);
      else combinations.set(key, i);
    }
    const firstCode = codes.get(sku.code);
    if (firstCode !== undefined) push(errors, `${at}.code`, `repeats the code of ${path}[${firstCode}]`);
    else codes.set(sku.code, i);

    if (!Number.isSafeInteger(sku.price) || sku.price < 0) push(errors, `${at}.price`, 'must be a non-negative integer of fen');
    if (sku.originalPrice !== undefined && sku.originalPrice !== null) {
      if (!Number.isSafeInteger(sku.originalPrice) || sku.originalPrice < 0) {
        push(errors, `${at}.originalPrice`, 'must be a non-negative integer of fen');
      } else if (sku.originalPrice < sku.price) {
        push(errors, `${at}.originalPrice`, 'must not be below the price');
      }
    }
    if (sku.memberPrice !== undefined && sku.memberPrice !== null) {
      if (!Number.isSafeInteger(sku.memberPrice) || sku.memberPrice < 0) {
        push(errors, `${at}.memberPrice`, 'must be a non-negative integer of fen');
      } else if (sku.memberPrice > sku.price) {
        push(errors, `${at}.memberPrice`, 'must not exceed the price');
      }
    }
  });
  return errors;
}

/** The price a product is listed at: its cheapest SKU, with that SKU's original price (first wins a tie). */
export function listPrice(skus: readonly Pick<SkuInput, 'price' | 'originalPrice'>[]): {
  price: number;
  originalPrice: number | null;
} | null {
  let best: Pick<SkuInput, 'price' | 'originalPrice'> | undefined;
  for (const sku of skus) if (!best || sku.price < best.price) best = sku;
  return best ? { price: best.price, originalPrice: best.originalPrice ?? null } : null;
}
