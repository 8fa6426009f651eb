import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationError } from '../../common/errors';
import { sum } from '../../common/money';
import { groupByTemplate, isExcluded, normalizeRegion, templateFee } from './domain/freight';
import { FreightTemplateService } from './freight-template.service';
import { PickupStoreService, pickupStoreSummary } from './pickup-store.service';
import {
  AddressRequiredError,
  DeliveryUnavailableError,
  DeliveryUnavailableReason,
  PickupStoreRequiredError,
  PickupStoreUnavailableError,
} from './shipping.errors';
import { ShippingSettingsService } from './shipping-settings.service';
import type {
  CodSettings,
  DeliveryMethod,
  SameCitySettings,
  ShippingAddress,
  ShippingQuote,
  ShippingQuoteInput,
  ShippingQuoteLine,
} from './shipping.types';

export interface MethodAvailability {
  method: DeliveryMethod;
  available: boolean;
  reason?: string;
  fee?: number;
  freeAbove?: number | null;
  minimumOrder?: number | null;
}

type Refusal = { reason: DeliveryUnavailableReason; detail: string };

/**
 * Shipping quotes for the pricing pipeline. A quote only reads, and reads at most two queries
 * whatever the number of lines: pickup reads the store; same-city reads its settings; express reads
 * the templates of all the products and the default in one query; cash on delivery reads its
 * settings and then the templates.
 */
@Injectable()
export class ShippingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: FreightTemplateService,
    private readonly pickupStores: PickupStoreService,
    private readonly settings: ShippingSettingsService,
  ) {}

  async quote(em: EntityManager | undefined, input: ShippingQuoteInput): Promise<ShippingQuote> {
    const manager = em ?? this.dataSource.manager;
    checkLines(input.lines);
    switch (input.method) {
      case 'pickup':
        return this.quotePickup(manager, input.pickupStoreId);
      case 'same_city':
        return this.quoteSameCity(manager, requireAddress(input), input.lines);
      case 'express':
        return this.quoteFreight(manager, 'express', requireAddress(input), input.lines);
      case 'cod':
        return this.quoteCod(manager, requireAddress(input), input.lines);
      default:
        throw new ValidationError(`Unknown delivery method ${String((input as { method: unknown }).method)}`);
    }
  }

  /** Which methods can serve an address, before the cart is known. Three queries. */
  async methods(address: ShippingAddress): Promise<MethodAvailability[]> {
    const em = this.dataSource.manager;
    const [{ sameCity, cod }, fallback, anyPickup] = await Promise.all([
      this.settings.both(em),
      this.templates.defaultTemplate(em),
      this.pickupStores.anyActive(em),
    ]);
    // Express follows the default template; a product's own template may still exclude the address at checkout.
    const express: MethodAvailability =
      fallback && isExcluded(fallback, address.province)
        ? { method: 'express', available: false, reason: `Express delivery does not reach ${normalizeRegion(address.province)}` }
        : { method: 'express', available: true };
    const sameCityRefusal = refuseSameCity(sameCity, address);
    const codRefusal =
      refuseCod(cod, address) ?? (express.available ? null : { reason: 'excluded_region', detail: express.reason! });
    return [
      express,
      sameCityRefusal
        ? { method: 'same_city', available: false, reason: sameCityRefusal.detail }
        : {
            method: 'same_city',
            available: true,
            fee: sameCity.fee,
            freeAbove: sameCity.freeAbove,
            minimumOrder: sameCity.minimumOrder,
          },
      anyPickup
        ? { method: 'pickup', available: true }
        : { method: 'pickup', available: false, reason: 'There is no pickup store open' },
      codRefusal
        ? { method: 'cod', available: false, reason: codRefusal.detail }
        : { method: 'cod', available: true, fee: cod.extraFee },
    ];
  }

  private async quotePickup(em: EntityManager, pickupStoreId: string | undefined): Promise<ShippingQuote> {
    if (!pickupStoreId) throw new PickupStoreRequiredError();
    const store = await this.pickupStores.findActive(pickupStoreId, em);
    if (!store) throw new PickupStoreUnavailableError(pickupStoreId);
    return {
      shippingTotal: 0,
      currency: 'CNY',
      method: 'pickup',
      pickupStore: pickupStoreSummary(store),
      explanation: [`Pickup at ${store.name}: free`],
    };
  }

  private async quoteSameCity(em: EntityManager, address: ShippingAddress, lines: ShippingQuoteLine[]): Promise<ShippingQuote> {
    const settings = await this.settings.sameCity(em);
    const refusal = refuseSameCity(settings, address);
    if (refusal) throw new DeliveryUnavailableError('same_city', refusal.reason, refusal.detail);
    const goodsTotal = sum(lines.map((l) => l.lineTotal));
    if (settings.minimumOrder !== null && goodsTotal < settings.minimumOrder) {
      throw new DeliveryUnavailableError(
        'same_city',
        'below_minimum_order',
        `Same-city delivery needs goods of at least ${settings.minimumOrder} fen; these come to ${goodsTotal} fen`,
        { minimumOrder: settings.minimumOrder, goodsTotal },
      );
    }
    const free = settings.freeAbove !== null && goodsTotal >= settings.freeAbove;
    return {
      shippingTotal: free ? 0 : settings.fee,
      currency: 'CNY',
      method: 'same_city',
      explanation: [
        free
          ? `Same-city delivery: goods total ${goodsTotal} fen reaches ${settings.freeAbove} fen, free`
          : `Same-city delivery: flat ${settings.fee} fen`,
      ],
    };
  }

  private async quoteCod(em: EntityManager, address: ShippingAddress, lines: ShippingQuoteLine[]): Promise<ShippingQuote> {
    const settings = await this.settings.cod(em);
    const refusal = refuseCod(settings, address);
    if (refusal) throw new DeliveryUnavailableError('cod', refusal.reason, refusal.detail);
    const freight = await this.quoteFreight(em, 'cod', address, lines);
    if (!settings.extraFee) return freight;
    return {
      ...freight,
      shippingTotal: sum([freight.shippingTotal, settings.extraFee]),
      explanation: [...freight.explanation, `Cash on delivery: ${settings.extraFee} fen`],
    };
  }

  private async quoteFreight(
    em: EntityManager,
    method: 'express' | 'cod',
    address: ShippingAddress,
    lines: ShippingQuoteLine[],
  ): Promise<ShippingQuote> {
    const { byProduct, fallback } = await this.templates.forProducts(
      em,
      lines.map((l) => l.productId),
    );
    const groups = groupByTemplate(lines, byProduct, fallback);
    const fees: number[] = [];
    const explanation: string[] = [];
    for (const group of groups) {
      if (!group.template) {
        explanation.push(`No freight template: ${group.lines.length} line(s) ship free`);
        continue;
      }
      const result = templateFee(group.template, address.province, group.lines);
      if (!result.delivered) {
        throw new DeliveryUnavailableError(method, 'excluded_region', result.explanation, {
          province: normalizeRegion(address.province),
          templateId: group.template.id,
          productIds: [...new Set(group.lines.map((l) => l.productId))],
        });
      }
      fees.push(result.fee);
      explanation.push(result.explanation);
    }
    const priced = groups.filter((g) => g.template);
    return {
      shippingTotal: sum(fees),
      currency: 'CNY',
      method,
      ...(priced.length === 1 ? { templateId: priced[0].template!.id } : {}),
      explanation,
    };
  }
}

function requireAddress(input: ShippingQuoteInput): ShippingAddress {
  const a = input.address;
  if (!a || !a.province?.trim() || !a.city?.trim() || !a.district?.trim()) throw new AddressRequiredError(input.method);
  return a;
}

function checkLines(lines: readonly ShippingQuoteLine[]) {
  for (const line of lines) {
    const ok =
      Number.isSafeInteger(line.quantity) &&
      line.quantity > 0 &&
      Number.isSafeInteger(line.lineTotal) &&
      line.lineTotal >= 0 &&
      (line.weightGrams === null || (Number.isSafeInteger(line.weightGrams) && line.weightGrams >= 0));
    if (!ok) throw new ValidationError(`Line for SKU ${line.skuId} has an invalid quantity, weight or total`);
  }
}

function refuseSameCity(settings: SameCitySettings, address: ShippingAddress): Refusal | null {
  if (!settings.enabled || !settings.city) {
    return { reason: 'method_disabled', detail: 'Same-city delivery is not offered' };
  }
  const city = normalizeRegion(address.city);
  const district = normalizeRegion(address.district);
  const served =
    city === normalizeRegion(settings.city) &&
    (settings.districts.length === 0 || settings.districts.some((d) => normalizeRegion(d) === district));
  return served
    ? null
    : { reason: 'outside_area', detail: `Same-city delivery does not reach ${city}${district}; it serves ${settings.city}` };
}

function refuseCod(settings: CodSettings, address: ShippingAddress): Refusal | null {
  if (!settings.enabled) return { reason: 'method_disabled', detail: 'Cash on delivery is not offered' };
  const province = normalizeRegion(address.province);
  if (settings.allowedProvinces.length && !settings.allowedProvinces.some((p) => normalizeRegion(p) === province)) {
    return { reason: 'province_not_allowed', detail: `Cash on delivery is not offered in ${province}` };
  }
  return null;
}
