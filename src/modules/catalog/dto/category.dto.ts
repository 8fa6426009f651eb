import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateCategoryDto {
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name: string;

  /** Parent category; absent for a top-level one. */
  @IsOptional()
  @IsUUID()
  parentId?: string;

  /** Smaller first among siblings. */
  @IsOptional()
  @IsInt()
  sortOrder?: number;

  /** Icon URL. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  icon?: string;

  /** Shown in the store's tree (default true). */
  @IsOptional()
  @IsBoolean()
  visible?: boolean;
}

export class UpdateCategoryDto {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name?: string;

  /** Moves the category with its whole subtree; null makes it top-level. Not under itself or a descendant. */
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @IsOptional()
  @IsInt()
  sortOrder?: number;

  /** Icon URL; null removes it. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  icon?: string | null;

  @IsOptional()
  @IsBoolean()
  visible?: boolean;
}

export class CategoryResponseDto {
  id: string;
  name: string;
  parentId: string | null;
  /** Depth in the tree, 0 for top-level. */
  depth: number;
  sortOrder: number;
  icon: string | null;
  visible: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class CategoryTreeResponseDto extends CategoryResponseDto {
  @ApiProperty({ type: () => [CategoryTreeResponseDto] })
  children: CategoryTreeResponseDto[];
}

export class StoreCategoryResponseDto {
  id: string;
  name: string;
  icon: string | null;
  @ApiProperty({ type: () => [StoreCategoryResponseDto] })
  children: StoreCategoryResponseDto[];
}
