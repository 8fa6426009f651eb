import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ShippingService } from '../../src/modules/shipping/shipping.service';
import type { ShippingQuoteLine } from '../../src/modules/shipping/shipping.types';
import { TestApp } from '../support/app';
import { Session } from '../support/auth';
import { countQueries, guangdong, startShippingApp, unique } from './support';

// Default template, same-city and cash-on-delivery settings are store-wide: this suite runs on a
// database of its own, and every test that depends on them lives in this one file (tests in a file
// run one after another).
describe('freight templates, same-city delivery, cash on delivery', () => {
  let t: TestApp;
  let staff: Session;
  let shipping: ShippingService;
  const created: string[] = [];

  before(async () => {
    ({ t, staff } = await startShippingApp({ isolated: true }));
    shipping = t.app.get(ShippingService);
  });
  after(() => t.close());

  const line = (over: Partial<ShippingQuoteLine> = {}): ShippingQuoteLine => ({
    productId: randomUUID(),
    skuId: randomUUID(),
    quantity: 1,
    weightGrams: null,
    lineTotal: 1000,
    ...over,
  });

  const byPiece = (over: Record<string, unknown> = {}) => ({
    name: unique('Parcel'),
    mode: 'by_piece',
    rules: [{ provinces: ['新疆维吾尔自治区'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1500 }],
    defaultRule: { first: 1, firstFee: 1000, additional: 2, additionalFee: 500 },
    ...over,
  });

  const createTemplate = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/admin/freight-templates').set(staff.auth).send(body);
    if (res.status !== 201) throw new Error(`create template: ${res.status} ${JSON.stringify(res.body)}`);
    created.push(res.body.id);
    return res.body;
  };

  const assign = (templateId: string, productIds: string[]) =>
    t.http.put(`/v1/admin/freight-templates/${templateId}/products`).set(staff.auth).send({ productIds }).expect(200);

  describe('staff templates', () => {
    it('creates, reads, updates and deletes a template, trimming region names', async () => {
      const template = await createTemplate(
        byPiece({
          name: '  Parcel  ',
          excludedProvinces: [' 台湾省 '],
          rules: [{ ...byPiece().rules[0], provinces: [' 西藏自治区'] }],
        }),
      );
      expect(template).toMatchObject({
        name: 'Parcel',
        mode: 'by_piece',
        rules: [{ provinces: ['西藏自治区'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1500 }],
        defaultRule: { first: 1, firstFee: 1000, additional: 2, additionalFee: 500 },
        freeAbove: null,
        excludedProvinces: ['台湾省'],
        isDefault: false,
        currency: 'CNY',
      });
      const patched = await t.http
        .patch(`/v1/admin/freight-templates/${template.id}`)
        .set(staff.auth)
        .send({ freeAbove: 9900, mode: 'by_weight' })
        .expect(200);
      expect(patched.body).toMatchObject({ freeAbove: 9900, mode: 'by_weight', name: 'Parcel' });
      const read = await t.http.get(`/v1/admin/freight-templates/${template.id}`).set(staff.auth).expect(200);
      expect(read.body).toEqual(patched.body);
      const list = await t.http.get('/v1/admin/freight-templates').query({ pageSize: 100 }).set(staff.auth).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(template.id);

      await t.http.delete(`/v1/admin/freight-templates/${template.id}`).set(staff.auth).expect(204);
      await t.http.get(`/v1/admin/freight-templates/${template.id}`).set(staff.auth).expect(404);
    });

    it('rejects negative fees, missing default rules, empty region lists and unknown modes', async () => {
      const res = await t.http
        .post('/v1/admin/freight-templates')
        .set(staff.auth)
        .send({
          name: 'Bad',
          mode: 'by_volume',
          rules: [{ provinces: [], first: 1, firstFee: -1, additional: 0, additionalFee: 1.5 }],
          freeAbove: -100,
        })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'defaultRule',
        'freeAbove',
        'mode',
        'rules[0].additional',
        'rules[0].additionalFee',
        'rules[0].firstFee',
        'rules[0].provinces',
      ]);
      await t.http.get('/v1/admin/freight-templates').expect(401);
    });

    it('keeps exactly one default template', async () => {
      const first = await createTemplate(byPiece({ isDefault: true }));
      const second = await createTemplate(byPiece({ isDefault: true }));
      expect((await t.http.get(`/v1/admin/freight-templates/${first.id}`).set(staff.auth)).body.isDefault).toBe(false);
      expect(second.isDefault).toBe(true);
      await t.http.patch(`/v1/admin/freight-templates/${first.id}`).set(staff.auth).send({ isDefault: true }).expect(200);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM freight_templates WHERE is_default`);
      expect(count).toBe(1);
      expect((await t.http.get(`/v1/admin/freight-templates/${second.id}`).set(staff.auth)).body.isDefault).toBe(false);
      // The database refuses a second default however it is written.
      await expect(t.db.query(`UPDATE freight_templates SET is_default = true WHERE id = $1`, [second.id])).rejects.toThrow();
    });

    it('keeps one default when staff make several templates the default at once', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => createTemplate(byPiece({ isDefault: true }))));
      expect(results).toHaveLength(6);
      const defaults = await t.db.query(`SELECT id FROM freight_templates WHERE is_default`);
      expect(defaults).toHaveLength(1);
      expect(results.map((r) => r.id)).toContain(defaults[0].id);
    });

    it('assigns products to a template, moves them between templates and reads an assignment back', async () => {
      const a = await createTemplate(byPiece());
      const b = await createTemplate(byPiece());
      const [p1, p2, p3] = [randomUUID(), randomUUID(), randomUUID()];
      expect((await assign(a.id, [p1, p2])).body).toEqual({ templateId: a.id, productIds: [p1, p2] });
      await assign(b.id, [p2, p3]);
      const ofA = await t.http.get(`/v1/admin/freight-templates/${a.id}/products`).set(staff.auth).expect(200);
      expect(ofA.body.productIds).toEqual([p1]);
      const ofB = await t.http.get(`/v1/admin/freight-templates/${b.id}/products`).set(staff.auth).expect(200);
      expect([...ofB.body.productIds].sort()).toEqual([p2, p3].sort());

      const p2Assignment = await t.http.get(`/v1/admin/shipping/products/${p2}/freight-template`).set(staff.auth).expect(200);
      expect(p2Assignment.body).toMatchObject({ productId: p2, assignedTemplateId: b.id, effectiveTemplateId: b.id });

      // Replacing the set drops p3 back to the store default.
      await assign(b.id, [p2]);
      const p3Assignment = await t.http.get(`/v1/admin/shipping/products/${p3}/freight-template`).set(staff.auth).expect(200);
      expect(p3Assignment.body.assignedTemplateId).toBeNull();
      const fallback = (await t.db.query(`SELECT id FROM freight_templates WHERE is_default`))[0]?.id ?? null;
      expect(p3Assignment.body.effectiveTemplateId).toBe(fallback);

      await t.http
        .put(`/v1/admin/freight-templates/${a.id}/products`)
        .set(staff.auth)
        .send({ productIds: ['nope'] })
        .expect(400);
      await t.http
        .put(`/v1/admin/freight-templates/${randomUUID()}/products`)
        .set(staff.auth)
        .send({ productIds: [p1] })
        .expect(404);
    });
  });

  describe('express quotes', () => {
    it('groups lines by assigned template, else the default, and sums the fees in fen', async () => {
      const fallback = await createTemplate(byPiece({ isDefault: true }));
      const heavy = await createTemplate(
        byPiece({
          mode: 'by_weight',
          rules: [],
          defaultRule: { first: 1000, firstFee: 1200, additional: 500, additionalFee: 300 },
        }),
      );
      const heavyLines = [line({ quantity: 2, weightGrams: 700 }), line({ quantity: 1, weightGrams: null })];
      await assign(
        heavy.id,
        heavyLines.map((l) => l.productId),
      );
      const plain = [line({ quantity: 3 }), line({ quantity: 1 })];

      const quote = await shipping.quote(undefined, { method: 'express', address: guangdong, lines: [...plain, ...heavyLines] });
      // Default: 4 pieces = 1000 + ceil(3 / 2) * 500 = 2000. Heavy: 1400 g = 1200 + ceil(400 / 500) * 300 = 1500.
      expect(quote).toMatchObject({ shippingTotal: 3500, currency: 'CNY', method: 'express' });
      expect(quote.templateId).toBeUndefined();
      expect(quote.explanation).toHaveLength(2);

      const xinjiang = { province: '新疆维吾尔自治区', city: '乌鲁木齐市', district: '天山区' };
      const regional = await shipping.quote(undefined, { method: 'express', address: xinjiang, lines: plain });
      // Region rule: 2000 + 3 * 1500.
      expect(regional).toMatchObject({ shippingTotal: 6500, templateId: fallback.id });
    });

    it('makes a template free from its own goods total', async () => {
      await createTemplate(byPiece({ isDefault: true }));
      const free = await createTemplate(byPiece({ freeAbove: 10000 }));
      const freeLines = [line({ lineTotal: 6000 }), line({ lineTotal: 4000 })];
      await assign(
        free.id,
        freeLines.map((l) => l.productId),
      );
      // 10000 reached by the free template's own lines; the other line pays under the default.
      const quote = await shipping.quote(undefined, {
        method: 'express',
        address: guangdong,
        lines: [...freeLines, line({ lineTotal: 50 })],
      });
      expect(quote.shippingTotal).toBe(1000);
      freeLines[1].lineTotal = 3999;
      expect((await shipping.quote(undefined, { method: 'express', address: guangdong, lines: freeLines })).shippingTotal).toBe(
        1500,
      );
    });

    it('refuses an excluded region with DELIVERY_UNAVAILABLE naming the products', async () => {
      await createTemplate(byPiece({ isDefault: true }));
      const noTaiwan = await createTemplate(byPiece({ excludedProvinces: ['台湾省'] }));
      const excluded = line();
      await assign(noTaiwan.id, [excluded.productId]);
      const taiwan = { province: '台湾省', city: '台北市', district: '中正区' };
      await expect(
        shipping.quote(undefined, { method: 'express', address: taiwan, lines: [line(), excluded] }),
      ).rejects.toMatchObject({
        code: 'DELIVERY_UNAVAILABLE',
        status: 409,
        extensions: { reason: 'excluded_region', templateId: noTaiwan.id, productIds: [excluded.productId] },
      });
      await expect(shipping.quote(undefined, { method: 'express', lines: [excluded] })).rejects.toMatchObject({
        code: 'ADDRESS_REQUIRED',
        status: 400,
      });
    });

    it('ships free when no template applies', async () => {
      for (const id of created) await t.http.delete(`/v1/admin/freight-templates/${id}`).set(staff.auth);
      const quote = await shipping.quote(undefined, { method: 'express', address: guangdong, lines: [line({ quantity: 5 })] });
      expect(quote).toMatchObject({ shippingTotal: 0, method: 'express' });
    });

    it('reads at most three queries for a cart of any size', async () => {
      await createTemplate(byPiece({ isDefault: true }));
      const templates = await Promise.all([1, 2, 3].map(() => createTemplate(byPiece())));
      const lines = Array.from({ length: 60 }, (_, i) => line({ quantity: 1 + (i % 3), weightGrams: 100 * i }));
      for (const [i, template] of templates.entries()) {
        await assign(
          template.id,
          lines.filter((_, j) => j % 4 === i).map((l) => l.productId),
        );
      }
      const express = await countQueries(t, () => shipping.quote(undefined, { method: 'express', address: guangdong, lines }));
      expect(express.queries.length).toBeLessThanOrEqual(3);
      expect(express.result.explanation).toHaveLength(4);

      await t.http.put('/v1/admin/shipping/cod').set(staff.auth).send({ enabled: true, allowedProvinces: [] }).expect(200);
      const cod = await countQueries(t, () => shipping.quote(undefined, { method: 'cod', address: guangdong, lines }));
      expect(cod.queries.length).toBeLessThanOrEqual(3);
      expect(cod.result.shippingTotal).toBe(express.result.shippingTotal);
    });
  });

  describe('same-city delivery', () => {
    it('lets staff set it, and validates it', async () => {
      expect((await t.http.get('/v1/admin/shipping/same-city').set(staff.auth).expect(200)).body).toMatchObject({
        currency: 'CNY',
      });
      const res = await t.http
        .put('/v1/admin/shipping/same-city')
        .set(staff.auth)
        .send({
          enabled: true,
          city: ' 深圳市 ',
          districts: [' 南山区', '福田区'],
          fee: 800,
          freeAbove: 5000,
          minimumOrder: 2000,
        })
        .expect(200);
      expect(res.body).toEqual({
        enabled: true,
        city: '深圳市',
        districts: ['南山区', '福田区'],
        fee: 800,
        freeAbove: 5000,
        minimumOrder: 2000,
        currency: 'CNY',
      });
      expect((await t.http.get('/v1/admin/shipping/same-city').set(staff.auth).expect(200)).body).toEqual(res.body);

      const bad = await t.http
        .put('/v1/admin/shipping/same-city')
        .set(staff.auth)
        .send({ enabled: true, districts: [], fee: -1 })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['fee']);
      const noCity = await t.http
        .put('/v1/admin/shipping/same-city')
        .set(staff.auth)
        .send({ enabled: true, districts: [], fee: 1 });
      expect(noCity.status).toBe(400);
      expect(noCity.body.errors).toEqual([{ field: 'city', messages: ['city is required while enabled'] }]);
    });

    it('quotes the flat fee inside the area, free above, and refuses outside or below the minimum', async () => {
      const inside = { method: 'same_city' as const, address: guangdong };
      expect(await shipping.quote(undefined, { ...inside, lines: [line({ lineTotal: 3000 })] })).toMatchObject({
        shippingTotal: 800,
        method: 'same_city',
      });
      expect((await shipping.quote(undefined, { ...inside, lines: [line({ lineTotal: 5000 })] })).shippingTotal).toBe(0);
      await expect(shipping.quote(undefined, { ...inside, lines: [line({ lineTotal: 1999 })] })).rejects.toMatchObject({
        code: 'DELIVERY_UNAVAILABLE',
        extensions: { reason: 'below_minimum_order', minimumOrder: 2000 },
      });
      for (const address of [
        { ...guangdong, district: '宝安区' },
        { ...guangdong, city: '广州市' },
      ]) {
        await expect(
          shipping.quote(undefined, { method: 'same_city', address, lines: [line({ lineTotal: 3000 })] }),
        ).rejects.toMatchObject({ code: 'DELIVERY_UNAVAILABLE', status: 409, extensions: { reason: 'outside_area' } });
      }
      await expect(shipping.quote(undefined, { method: 'same_city', lines: [line()] })).rejects.toMatchObject({
        code: 'ADDRESS_REQUIRED',
      });
    });
  });

  describe('cash on delivery', () => {
    it('adds its fee to the freight, only where allowed', async () => {
      const put = await t.http
        .put('/v1/admin/shipping/cod')
        .set(staff.auth)
        .send({ enabled: true, allowedProvinces: [' 广东省 '], extraFee: 300 })
        .expect(200);
      expect(put.body).toEqual({ enabled: true, allowedProvinces: ['广东省'], extraFee: 300, currency: 'CNY' });
      expect((await t.http.get('/v1/admin/shipping/cod').set(staff.auth).expect(200)).body).toEqual(put.body);

      const fallback = await createTemplate(byPiece({ isDefault: true }));
      const quote = await shipping.quote(undefined, { method: 'cod', address: guangdong, lines: [line({ quantity: 2 })] });
      // 1000 + ceil(1 / 2) * 500 freight + 300 COD.
      expect(quote).toMatchObject({ shippingTotal: 1800, method: 'cod', templateId: fallback.id });
      expect(quote.explanation.at(-1)).toContain('300');

      const zhejiang = { province: '浙江省', city: '杭州市', district: '西湖区' };
      await expect(shipping.quote(undefined, { method: 'cod', address: zhejiang, lines: [line()] })).rejects.toMatchObject({
        code: 'DELIVERY_UNAVAILABLE',
        extensions: { reason: 'province_not_allowed' },
      });
      await t.http.put('/v1/admin/shipping/cod').set(staff.auth).send({ extraFee: -5, allowedProvinces: [] }).expect(400);
    });
  });

  describe('available methods for an address', () => {
    it('answers which methods serve an address', async () => {
      await t.http
        .post('/v1/admin/pickup-stores')
        .set(staff.auth)
        .send({ name: unique('Store'), province: '广东省', city: '深圳市', district: '南山区', detail: '1 号', hours: '9-21' })
        .expect(201);
      await createTemplate(byPiece({ isDefault: true, excludedProvinces: ['台湾省'] }));
      const methods = async (address: Record<string, string>) =>
        Object.fromEntries(
          (await t.http.get('/v1/store/shipping/methods').query(address).expect(200)).body.methods.map(
            (m: { method: string; available: boolean }) => [m.method, m],
          ),
        );

      const home = await methods(guangdong);
      expect(home.express.available).toBe(true);
      expect(home.same_city).toMatchObject({ available: true, fee: 800, freeAbove: 5000, minimumOrder: 2000 });
      expect(home.pickup.available).toBe(true);
      expect(home.cod).toMatchObject({ available: true, fee: 300 });

      const far = await methods({ province: '浙江省', city: '杭州市', district: '西湖区' });
      expect(far.express.available).toBe(true);
      expect(far.same_city).toMatchObject({ available: false, reason: expect.stringContaining('杭州市') });
      expect(far.cod.available).toBe(false);

      const excluded = await methods({ province: '台湾省', city: '台北市', district: '中正区' });
      expect(excluded.express.available).toBe(false);
      expect(excluded.cod.available).toBe(false);

      const res = await t.http.get('/v1/store/shipping/methods').query({ province: '广东省' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['city', 'district']);
    });
  });
});
