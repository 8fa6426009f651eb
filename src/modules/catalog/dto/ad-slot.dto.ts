import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateAdSlotDto {
  /** Stable key the storefront asks for: `home_banner`, `home_recommend`... */
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'key may hold a-z, 0-9, _ and - (at most 64)' })
  key: string;

  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateAdSlotDto {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class CreateAdSlotItemDto {
  /** Banner title; a product item shows the product's title when absent. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  /** Banner image URL; a product item shows the product's first image when absent. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  image?: string;

  /** Where a banner leads (URL or app route). */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  link?: string;

  /** A product to show with its current title, price and image; it drops out while off the shelf. */
  @IsOptional()
  @IsUUID()
  productId?: string;

  /** Shown from (absent: at once). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date;

  /** Shown until (absent: no end). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date;

  /** Smaller first. */
  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

/** Every field optional; null clears one. */
export class UpdateAdSlotItemDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  image?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  link?: string | null;

  @IsOptional()
  @IsUUID()
  productId?: string | null;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date | null;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date | null;

  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class AdSlotItemResponseDto {
  id: string;
  title: string | null;
  image: string | null;
  link: string | null;
  productId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
}

export class AdSlotResponseDto {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** Every item, scheduled or not, in display order. */
  items: AdSlotItemResponseDto[];
  createdAt: Date;
  updatedAt: Date;
}

export class StoreSlotProductResponseDto {
  id: string;
  title: string;
  image: string | null;
  /** Fen. */
  price: number;
  originalPrice: number | null;
  currency: string;
}

export class StoreSlotItemResponseDto {
  id: string;
  title: string | null;
  image: string | null;
  link: string | null;
  product: StoreSlotProductResponseDto | null;
}

export class StoreSlotResponseDto {
  key: string;
  name: string;
  /** Items live now, in display order. */
  items: StoreSlotItemResponseDto[];
}
