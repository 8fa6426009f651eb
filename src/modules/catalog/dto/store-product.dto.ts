import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { MAX_FEN } from './validators';

export const STORE_SORTS = ['newest', 'price_asc', 'price_desc', 'sales'] as const;
export type StoreSort = (typeof STORE_SORTS)[number];

export class ListStoreProductsQueryDto extends PageQueryDto {
  /** This category and all its descendants. */
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @IsOptional()
  @IsUUID()
  brandId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  tag?: string;

  /** Words of the title, Chinese or not: `纯棉` finds 纯棉T恤, `cott` finds Cotton Tee. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  /** Lowest price in fen, inclusive. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  minPrice?: number;

  /** Highest price in fen, inclusive. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  maxPrice?: number;

  @IsOptional()
  @IsIn(STORE_SORTS)
  @ApiProperty({ required: false, enum: STORE_SORTS, default: 'newest' })
  sort?: StoreSort;
}

export class StoreProductListItemResponseDto {
  id: string;
  title: string;
  subtitle: string | null;
  /** First image. */
  image: string | null;
  /** Lowest price among the SKUs on sale, in fen. */
  price: number;
  /** Crossed-out price of that SKU, in fen. */
  originalPrice: number | null;
  currency: string;
  tags: string[];
  sales: number;
}

export class StoreBrandResponseDto {
  id: string;
  name: string;
  logo: string | null;
}

export class StoreSpecResponseDto {
  name: string;
  values: string[];
}

export class StoreSkuResponseDto {
  id: string;
  code: string;
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' }, example: { 颜色: '红', 尺码: 'M' } })
  specs: Record<string, string>;
  /** Fen. */
  price: number;
  originalPrice: number | null;
  memberPrice: number | null;
  currency: string;
  /** At least one unit available now. */
  inStock: boolean;
}

export class StoreProductResponseDto {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  images: string[];
  categoryId: string;
  brand: StoreBrandResponseDto | null;
  tags: string[];
  specs: StoreSpecResponseDto[];
  /** Lowest price among the SKUs on sale, in fen. */
  price: number;
  originalPrice: number | null;
  currency: string;
  sales: number;
  skus: StoreSkuResponseDto[];
}
