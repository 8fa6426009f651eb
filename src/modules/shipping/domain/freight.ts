// Pure freight math: no Nest, no database. All amounts are integer fen.
import { multiply, sum } from '../../../common/money';

export type FreightMode = 'by_piece' | 'by_weight';
export const FREIGHT_MODES: readonly FreightMode[] = ['by_piece', 'by_weight'];

/** First `first` units for `firstFee`, then every started `additional` units for `additionalFee`. */
export interface FreightCharge {
  first: number;
  firstFee: number;
  additional: number;
  additionalFee: number;
}

export interface FreightRegionRule extends FreightCharge {
  provinces: string[];
}

export interface FreightTemplateRules {
  id: string;
  name: string;
  mode: FreightMode;
  rules: FreightRegionRule[];
  defaultRule: FreightCharge;
  freeAbove: number | null;
  excludedProvinces: string[];
}

export interface FreightLine {
  productId: string;
  quantity: number;
  weightGrams: number | null;
  lineTotal: number;
}

export type TemplateFee = { delivered: true; fee: number; explanation: string } | { delivered: false; explanation: string };

export const normalizeRegion = (name: string): string => name.trim();

/** The fee for `units` under one charge: the first block, then each started additional block. */
export function chargeFor(charge: FreightCharge, units: number): number {
  const extraUnits = Math.max(0, units - charge.first);
  const extraBlocks = Math.ceil(extraUnits / charge.additional);
  return sum([charge.firstFee, multiply(charge.additionalFee, extraBlocks)]);
}

/** Pieces, or grams (a line without a weight counts as 0 g). */
export function unitsOf(mode: FreightMode, lines: readonly FreightLine[]): number {
  return lines.reduce(
    (total, line) => total + (mode === 'by_piece' ? line.quantity : (line.weightGrams ?? 0) * line.quantity),
    0,
  );
}

/** The region rule whose provinces name the province, else the template's default rule. */
export function ruleFor(template: FreightTemplateRules, province: string): { charge: FreightCharge; region: string } {
  const wanted = normalizeRegion(province);
  const rule = template.rules.find((r) => r.provinces.some((p) => normalizeRegion(p) === wanted));
  return rule ? { charge: rule, region: wanted } : { charge: template.defaultRule, region: 'everywhere else' };
}

export function isExcluded(template: FreightTemplateRules, province: string): boolean {
  const wanted = normalizeRegion(province);
  return template.excludedProvinces.some((p) => normalizeRegion(p) === wanted);
}

/** The fee for the lines that ship under one template to one province. */
export function templateFee(template: FreightTemplateRules, province: string, lines: readonly FreightLine[]): TemplateFee {
  const label = `Template "${template.name}"`;
  if (isExcluded(template, province)) {
    return { delivered: false, explanation: `${label} does not deliver to ${normalizeRegion(province)}` };
  }
  const goodsTotal = sum(lines.map((l) => l.lineTotal));
  if (template.freeAbove !== null && goodsTotal >= template.freeAbove) {
    return {
      delivered: true,
      fee: 0,
      explanation: `${label}: goods total ${goodsTotal} fen reaches ${template.freeAbove} fen, free shipping`,
    };
  }
  const units = unitsOf(template.mode, lines);
  const { charge, region } = ruleFor(template, province);
  const fee = chargeFor(charge, units);
  const unit = template.mode === 'by_piece' ? 'pieces' : 'g';
  return {
    delivered: true,
    fee,
    explanation:
      `${label} (${region}): ${units} ${unit}, first ${charge.first} ${unit} ${charge.firstFee} fen, ` +
      `then ${charge.additionalFee} fen per ${charge.additional} ${unit} started = ${fee} fen`,
  };
}

export interface TemplateGroup<T extends FreightLine> {
  template: FreightTemplateRules | null;
  lines: T[];
}

/** Lines grouped by the product's assigned template, else the default template, else none (free). */
export function groupByTemplate<T extends FreightLine>(
  lines: readonly T[],
  assigned: ReadonlyMap<string, FreightTemplateRules>,
  fallback: FreightTemplateRules | null,
): TemplateGroup<T>[] {
  const groups = new Map<string | null, TemplateGroup<T>>();
  for (const line of lines) {
    const template = assigned.get(line.productId) ?? fallback;
    const key = template?.id ?? null;
    const group = groups.get(key) ?? { template, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  return [...groups.values()];
}
