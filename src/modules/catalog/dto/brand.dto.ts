import { IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';

export class CreateBrandDto {
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name: string;

  /** Logo URL. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  logo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class UpdateBrandDto {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name?: string;

  /** Logo URL; null removes it. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  logo?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class ListBrandsQueryDto extends PageQueryDto {
  /** Part of the name. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class BrandResponseDto {
  id: string;
  name: string;
  logo: string | null;
  description: string | null;
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
}
