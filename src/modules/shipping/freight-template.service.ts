import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { inTransaction } from '../../common/database';
import { NotFoundError } from '../../common/errors';
import { Page, page } from '../../common/pagination';
import { PageQueryDto } from '../../common/pagination';
import type { FreightTemplateRules } from './domain/freight';
import { CreateFreightTemplateDto, UpdateFreightTemplateDto } from './dto/freight-template.dto';
import { FreightTemplateProduct } from './entities/freight-template-product.entity';
import { FreightTemplate } from './entities/freight-template.entity';

/** The templates that price a set of products: those assigned to any of them, and the store default. */
export interface TemplatesForProducts {
  byProduct: Map<string, FreightTemplateRules>;
  fallback: FreightTemplateRules | null;
}

interface TemplateRow {
  id: string;
  name: string;
  mode: FreightTemplateRules['mode'];
  rules: FreightTemplateRules['rules'];
  defaultRule: FreightTemplateRules['defaultRule'];
  freeAbove: string | null;
  excludedProvinces: string[];
  isDefault: boolean;
  productIds: string[];
}

/** Staff-managed freight templates and which products use them. */
@Injectable()
export class FreightTemplateService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: PageQueryDto): Promise<Page<FreightTemplate>> {
    const [items, total] = await this.dataSource.getRepository(FreightTemplate).findAndCount({
      order: { isDefault: 'DESC', createdAt: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return page(items, total, query);
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<FreightTemplate> {
    const template = await em.getRepository(FreightTemplate).findOneBy({ id });
    if (!template) throw new NotFoundError('Freight template');
    return template;
  }

  create(dto: CreateFreightTemplateDto): Promise<FreightTemplate> {
    return inTransaction(this.dataSource, async (em) => {
      const repo = em.getRepository(FreightTemplate);
      const isDefault = dto.isDefault === true;
      if (isDefault) await this.clearDefault(em);
      return repo.save(
        repo.create({
          name: dto.name,
          mode: dto.mode,
          rules: dto.rules.map(regionRule),
          defaultRule: charge(dto.defaultRule),
          freeAbove: dto.freeAbove ?? null,
          excludedProvinces: dto.excludedProvinces ?? [],
          isDefault,
        }),
      );
    });
  }

  update(id: string, dto: UpdateFreightTemplateDto): Promise<FreightTemplate> {
    return inTransaction(this.dataSource, async (em) => {
      const template = await this.get(id, em);
      if (dto.isDefault === true && !template.isDefault) await this.clearDefault(em, id);
      if (dto.name !== undefined) template.name = dto.name;
      if (dto.mode !== undefined) template.mode = dto.mode;
      if (dto.rules !== undefined) template.rules = dto.rules.map(regionRule);
      if (dto.defaultRule !== undefined) template.defaultRule = charge(dto.defaultRule);
      if (dto.freeAbove !== undefined) template.freeAbove = dto.freeAbove;
      if (dto.excludedProvinces !== undefined) template.excludedProvinces = dto.excludedProvinces;
      if (dto.isDefault !== undefined) template.isDefault = dto.isDefault;
      return em.getRepository(FreightTemplate).save(template);
    });
  }

  /** Its products fall back to the store default; deleting the default leaves the store without one (free shipping). */
  async remove(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(FreightTemplate).delete({ id });
    if (!result.affected) throw new NotFoundError('Freight template');
  }

  async productIds(id: string): Promise<string[]> {
    await this.get(id);
    const rows = await this.dataSource
      .getRepository(FreightTemplateProduct)
      .find({ where: { templateId: id }, order: { createdAt: 'ASC', productId: 'ASC' } });
    return rows.map((r) => r.productId);
  }

  /** Makes `productIds` exactly the template's products; a product assigned elsewhere moves here. */
  assignProducts(id: string, productIds: string[]): Promise<string[]> {
    return inTransaction(this.dataSource, async (em) => {
      // Lock the template so that two replacements of its product set do not interleave.
      const template = await em.getRepository(FreightTemplate).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!template) throw new NotFoundError('Freight template');
      const repo = em.getRepository(FreightTemplateProduct);
      await repo.delete(productIds.length ? { templateId: id, productId: Not(In(productIds)) } : { templateId: id });
      if (productIds.length) {
        // Sorted so that concurrent assignments touch product rows in the same order.
        const sorted = [...productIds].sort();
        await em.query(
          `INSERT INTO freight_template_products (product_id, template_id) SELECT unnest($1::uuid[]), $2 ` +
            `ON CONFLICT (product_id) DO UPDATE SET template_id = EXCLUDED.template_id ` +
            `WHERE freight_template_products.template_id <> EXCLUDED.template_id`,
          [sorted, id],
        );
      }
      return productIds;
    });
  }

  /** The template assigned to a product, and the one that prices it. */
  async forProduct(productId: string): Promise<{ assignedTemplateId: string | null; effectiveTemplateId: string | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT template_id FROM freight_template_products WHERE product_id = $1) AS "assigned", ` +
        `(SELECT id FROM freight_templates WHERE is_default) AS "fallback"`,
      [productId],
    )) as { assigned: string | null; fallback: string | null }[];
    return { assignedTemplateId: row.assigned, effectiveTemplateId: row.assigned ?? row.fallback };
  }

  /** The store default template, if any. One query. */
  async defaultTemplate(em: EntityManager = this.dataSource.manager): Promise<FreightTemplateRules | null> {
    const template = await em.getRepository(FreightTemplate).findOneBy({ isDefault: true });
    return template ? rulesOf(template) : null;
  }

  /** Assigned templates of the products and the store default, in one query. */
  async forProducts(em: EntityManager, productIds: readonly string[]): Promise<TemplatesForProducts> {
    const rows = (await em.query(
      `SELECT t.id, t.name, t.mode, t.rules, t.default_rule AS "defaultRule", t.free_above AS "freeAbove", ` +
        `t.excluded_provinces AS "excludedProvinces", t.is_default AS "isDefault", ` +
        `COALESCE(array_agg(a.product_id::text) FILTER (WHERE a.product_id IS NOT NULL), '{}'::text[]) AS "productIds" ` +
        `FROM freight_templates t ` +
        `LEFT JOIN freight_template_products a ON a.template_id = t.id AND a.product_id = ANY($1::uuid[]) ` +
        `WHERE t.is_default OR a.product_id IS NOT NULL GROUP BY t.id`,
      [[...new Set(productIds)]],
    )) as TemplateRow[];
    const byProduct = new Map<string, FreightTemplateRules>();
    let fallback: FreightTemplateRules | null = null;
    for (const row of rows) {
      const rules = rulesOf({ ...row, freeAbove: row.freeAbove === null ? null : Number(row.freeAbove) });
      if (row.isDefault) fallback = rules;
      for (const productId of row.productIds) byProduct.set(productId, rules);
    }
    return { byProduct, fallback };
  }

  // The partial unique index allows one default; serialise default changes so that they do not collide on it.
  private async clearDefault(em: EntityManager, exceptId?: string) {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('freight_templates:default', 0))`);
    await em
      .getRepository(FreightTemplate)
      .update(exceptId ? { isDefault: true, id: Not(exceptId) } : { isDefault: true }, { isDefault: false });
  }
}

function charge(c: { first: number; firstFee: number; additional: number; additionalFee: number }) {
  return { first: c.first, firstFee: c.firstFee, additional: c.additional, additionalFee: c.additionalFee };
}

function regionRule(r: { provinces: string[] } & Parameters<typeof charge>[0]) {
  return { provinces: r.provinces, ...charge(r) };
}

function rulesOf(t: Omit<FreightTemplateRules, never>): FreightTemplateRules {
  return {
    id: t.id,
    name: t.name,
    mode: t.mode,
    rules: t.rules,
    defaultRule: t.defaultRule,
    freeAbove: t.freeAbove,
    excludedProvinces: t.excludedProvinces,
  };
}
