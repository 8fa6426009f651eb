import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { ProductStatus } from '../domain/shelf';
import { SkuStatus } from '../entities/product-sku.entity';
import { IsStringRecord, MAX_FEN } from './validators';

const TAG = /^\S(.*\S)?$/;

export class ProductSpecDto {
  /** Spec name, e.g. 颜色 or size. */
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(32)
  name: string;

  /** The values SKUs may choose from, e.g. ["红", "蓝"]. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  values: string[];
}

export class CreateSkuDto {
  /** Unique in the whole store. */
  @IsString()
  @Matches(/^\S+$/, { message: 'code must not contain spaces' })
  @MaxLength(64)
  code: string;

  /** One value of every product spec: `{ "颜色": "红", "尺码": "M" }`. */
  @IsOptional()
  @IsStringRecord()
  @ApiProperty({ required: false, type: Object, additionalProperties: { type: 'string' }, example: { 颜色: '红' } })
  specs?: Record<string, string>;

  /** Price in fen. */
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  price: number;

  /** Crossed-out price in fen, at least the price. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  originalPrice?: number | null;

  /** Price for members in fen, at most the price. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  memberPrice?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  weightGrams?: number | null;

  /** Units on hand when the SKU is created (default 0); later changes go through inventory adjustments. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  stock?: number;

  /** Warn when available stock falls below this; absent uses the store default. */
  @IsOptional()
  @IsInt()
  @Min(0)
  lowStockThreshold?: number | null;
}

export class CreateProductDto {
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  subtitle?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @IsUUID()
  categoryId: string;

  @IsOptional()
  @IsUUID()
  brandId?: string;

  @IsOptional()
  @IsUUID()
  supplierId?: string;

  /** Tag names (hot, new, recommended or free-form). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'each tag must not be blank or start or end with a space' })
  @MaxLength(32, { each: true })
  tags?: string[];

  /** Image URLs; the first is the list image. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  images?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProductSpecDto)
  specs?: ProductSpecDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(600)
  @ValidateNested({ each: true })
  @Type(() => CreateSkuDto)
  skus: CreateSkuDto[];

  /** Goes on the shelf at this time (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  publishAt?: Date;

  /** Comes off the shelf at this time; after publishAt when both are set. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  unpublishAt?: Date;
}

export class UpdateSkuDto extends CreateSkuDto {
  /** An existing SKU of this product to change (a retired one comes back); absent adds a new SKU. */
  @IsOptional()
  @IsUUID()
  id?: string;
}

/** Every field optional. `skus`, when present, is the full list of SKUs on sale: SKUs left out are retired. */
export class UpdateProductDto {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  subtitle?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string | null;

  @IsOptional()
  @IsUUID()
  categoryId?: string;

  /** null unlinks the brand. */
  @IsOptional()
  @IsUUID()
  brandId?: string | null;

  @IsOptional()
  @IsUUID()
  supplierId?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'each tag must not be blank or start or end with a space' })
  @MaxLength(32, { each: true })
  tags?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  images?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProductSpecDto)
  specs?: ProductSpecDto[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(600)
  @ValidateNested({ each: true })
  @Type(() => UpdateSkuDto)
  skus?: UpdateSkuDto[];

  /** null cancels a scheduled publish. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  publishAt?: Date | null;

  /** null cancels a scheduled unpublish. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  unpublishAt?: Date | null;
}

export class ListProductsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(Object.values(ProductStatus))
  status?: ProductStatus;

  /** This category and its descendants. */
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  /** Words of the title. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class SkuResponseDto {
  id: string;
  code: string;
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' }, example: { 颜色: '红', 尺码: 'M' } })
  specs: Record<string, string>;
  /** Fen. */
  price: number;
  originalPrice: number | null;
  memberPrice: number | null;
  currency: string;
  weightGrams: number | null;
  @ApiProperty({ enum: SkuStatus, enumName: 'SkuStatus' })
  status: SkuStatus;
}

export class ProductResponseDto {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  categoryId: string;
  brandId: string | null;
  supplierId: string | null;
  tags: string[];
  images: string[];
  specs: ProductSpecDto[];
  @ApiProperty({ enum: ProductStatus, enumName: 'ProductStatus' })
  status: ProductStatus;
  /** Whether shoppers see it now (status and schedule together). */
  onShelf: boolean;
  publishAt: Date | null;
  unpublishAt: Date | null;
  publishedAt: Date | null;
  /** Lowest price among active SKUs, in fen. */
  price: number;
  originalPrice: number | null;
  currency: string;
  sales: number;
  /** Active SKUs first, then retired ones. */
  skus: SkuResponseDto[];
  createdAt: Date;
  updatedAt: Date;
}

export class ProductSummaryResponseDto {
  id: string;
  title: string;
  image: string | null;
  categoryId: string;
  brandId: string | null;
  @ApiProperty({ enum: ProductStatus, enumName: 'ProductStatus' })
  status: ProductStatus;
  onShelf: boolean;
  publishAt: Date | null;
  unpublishAt: Date | null;
  price: number;
  currency: string;
  sales: number;
  createdAt: Date;
  updatedAt: Date;
}
