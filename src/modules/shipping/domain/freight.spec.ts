import { expect } from 'expect';
import { describe, it } from 'node:test';
import { chargeFor, FreightLine, FreightTemplateRules, groupByTemplate, ruleFor, templateFee, unitsOf } from './freight';

const template = (over: Partial<FreightTemplateRules> = {}): FreightTemplateRules => ({
  id: 't1',
  name: 'Standard',
  mode: 'by_piece',
  rules: [{ provinces: ['新疆维吾尔自治区', '西藏自治区'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1500 }],
  defaultRule: { first: 1, firstFee: 1000, additional: 2, additionalFee: 500 },
  freeAbove: null,
  excludedProvinces: [],
  ...over,
});

const line = (over: Partial<FreightLine> = {}): FreightLine => ({
  productId: 'p1',
  quantity: 1,
  weightGrams: null,
  lineTotal: 1000,
  ...over,
});

describe('freight math', () => {
  it('charges the first block alone up to the first units', () => {
    const charge = { first: 2, firstFee: 1000, additional: 1, additionalFee: 300 };
    expect(chargeFor(charge, 1)).toBe(1000);
    expect(chargeFor(charge, 2)).toBe(1000);
    expect(chargeFor(charge, 0)).toBe(1000);
  });

  it('charges every started additional block whole (ceil)', () => {
    const charge = { first: 1, firstFee: 1000, additional: 2, additionalFee: 500 };
    expect(chargeFor(charge, 2)).toBe(1500); // 1 extra piece starts one block
    expect(chargeFor(charge, 3)).toBe(1500);
    expect(chargeFor(charge, 4)).toBe(2000);
    const byWeight = { first: 1000, firstFee: 800, additional: 500, additionalFee: 200 };
    expect(chargeFor(byWeight, 1001)).toBe(1000);
    expect(chargeFor(byWeight, 1500)).toBe(1000);
    expect(chargeFor(byWeight, 1501)).toBe(1200);
  });

  it('counts pieces by quantity and weight by grams times quantity, a missing weight as 0 g', () => {
    const lines = [
      line({ quantity: 2, weightGrams: 300 }),
      line({ quantity: 3, weightGrams: null }),
      line({ quantity: 1, weightGrams: 50 }),
    ];
    expect(unitsOf('by_piece', lines)).toBe(6);
    expect(unitsOf('by_weight', lines)).toBe(650);
  });

  it('prices by piece with the default rule outside the named regions', () => {
    const result = templateFee(template(), '广东省', [line({ quantity: 2 }), line({ productId: 'p2', quantity: 2 })]);
    // 4 pieces: first 1 for 1000, 3 more in blocks of 2 -> 2 blocks x 500
    expect(result).toMatchObject({ delivered: true, fee: 2000 });
  });

  it('prices by the region rule whose provinces name the province (trimmed)', () => {
    expect(ruleFor(template(), ' 西藏自治区 ').charge.firstFee).toBe(2000);
    const result = templateFee(template(), '新疆维吾尔自治区', [line({ quantity: 3 })]);
    expect(result).toMatchObject({ delivered: true, fee: 2000 + 2 * 1500 });
  });

  it('prices by weight', () => {
    const byWeight = template({
      mode: 'by_weight',
      rules: [],
      defaultRule: { first: 1000, firstFee: 1200, additional: 1000, additionalFee: 600 },
    });
    // 2 x 800 g + 1 x 900 g = 2500 g: first 1000 g, then 1500 g -> 2 blocks
    const result = templateFee(byWeight, '浙江省', [line({ quantity: 2, weightGrams: 800 }), line({ weightGrams: 900 })]);
    expect(result).toMatchObject({ delivered: true, fee: 1200 + 2 * 600 });
  });

  it('is free when the goods total under the template reaches freeAbove, and not a fen before', () => {
    const t = template({ freeAbove: 9900 });
    expect(templateFee(t, '广东省', [line({ lineTotal: 5000 }), line({ lineTotal: 4900 })])).toMatchObject({ fee: 0 });
    expect(templateFee(t, '广东省', [line({ lineTotal: 5000 }), line({ lineTotal: 4899 })])).toMatchObject({ fee: 1500 });
  });

  it('refuses an excluded province before looking at free shipping', () => {
    const t = template({ excludedProvinces: ['台湾省'], freeAbove: 0 });
    const result = templateFee(t, ' 台湾省', [line()]);
    expect(result.delivered).toBe(false);
    expect(result.explanation).toContain('does not deliver to 台湾省');
  });

  it('groups lines by assigned template, else the default, else none', () => {
    const special = template({ id: 'special' });
    const fallback = template({ id: 'default' });
    const lines = [line({ productId: 'a' }), line({ productId: 'b' }), line({ productId: 'c' })];
    const groups = groupByTemplate(lines, new Map([['b', special]]), fallback);
    expect(groups.map((g) => [g.template?.id, g.lines.map((l) => l.productId)])).toEqual([
      ['default', ['a', 'c']],
      ['special', ['b']],
    ]);
    expect(groupByTemplate(lines, new Map(), null)).toEqual([{ template: null, lines }]);
  });
});
