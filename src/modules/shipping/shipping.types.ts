// What the shipping module offers other modules (the order pricing pipeline, order detail).

export type DeliveryMethod = 'express' | 'same_city' | 'pickup' | 'cod';
export const DELIVERY_METHODS: readonly DeliveryMethod[] = ['express', 'same_city', 'pickup', 'cod'];

export interface ShippingAddress {
  province: string;
  city: string;
  district: string;
}

export interface ShippingQuoteLine {
  productId: string;
  skuId: string;
  quantity: number;
  /** Null counts as 0 g. */
  weightGrams: number | null;
  /** Fen: the line's goods total after line-level discounts, used for the free-shipping thresholds. */
  lineTotal: number;
}

export interface ShippingQuoteInput {
  method: DeliveryMethod;
  address?: ShippingAddress;
  pickupStoreId?: string;
  lines: ShippingQuoteLine[];
}

export interface PickupStoreSummary {
  id: string;
  name: string;
  /** Province, city, district and street in one line. */
  address: string;
  hours: string;
}

export interface ShippingQuote {
  /** Fen. */
  shippingTotal: number;
  currency: 'CNY';
  method: DeliveryMethod;
  /** The freight template, when exactly one priced the lines. */
  templateId?: string;
  pickupStore?: PickupStoreSummary;
  /** How the total came about, one step per line of text. */
  explanation: string[];
}

export interface SameCitySettings {
  enabled: boolean;
  city: string | null;
  /** Empty: the whole city. */
  districts: string[];
  /** Fen. */
  fee: number;
  freeAbove: number | null;
  minimumOrder: number | null;
}

export interface CodSettings {
  enabled: boolean;
  /** Empty: everywhere. */
  allowedProvinces: string[];
  /** Fen, added to the freight of the templates. */
  extraFee: number;
}

export const SAME_CITY_OFF: SameCitySettings = {
  enabled: false,
  city: null,
  districts: [],
  fee: 0,
  freeAbove: null,
  minimumOrder: null,
};

export const COD_OFF: CodSettings = { enabled: false, allowedProvinces: [], extraFee: 0 };
