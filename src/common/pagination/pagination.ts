import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?page=1&pageSize=20` on every list route. */
export class PageQueryDto {
  // Declared by hand: the Swagger plugin only reads *.dto.ts files.
  @ApiPropertyOptional({ description: '1-based page number.', minimum: 1, default: 1 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ description: 'Items per page, at most 100.', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  get offset(): number {
    return (this.page - 1) * this.pageSize;
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function page<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}

const pageTypes = new Map<Type, Type>();

/** The response type of a list route, for Swagger: `@ApiOkResponse({ type: PageOf(ProductResponseDto) })`. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const existing = pageTypes.get(item);
  if (existing) return existing as Type<Page<T>>;
  class PageResponse implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items: T[];
    @ApiProperty({ example: 42 })
    total: number;
    @ApiProperty({ example: 1 })
    page: number;
    @ApiProperty({ example: 20 })
    pageSize: number;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${item.name.replace(/ResponseDto$|Dto$/, '')}PageResponseDto` });
  pageTypes.set(item, PageResponse);
  return PageResponse;
}
