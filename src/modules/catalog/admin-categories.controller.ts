import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { CategoryService } from './category.service';
import { CategoryResponseDto, CategoryTreeResponseDto, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('admin: catalog')
@Controller('v1/admin/categories')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoryService) {}

  /** The whole category tree, hidden categories included. */
  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: [CategoryTreeResponseDto] })
  tree(): Promise<CategoryTreeResponseDto[]> {
    return this.categories.adminTree();
  }

  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: CategoryResponseDto })
  create(@Body() dto: CreateCategoryDto): Promise<CategoryResponseDto> {
    return this.categories.create(dto);
  }

  @Get(':id')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: CategoryResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CategoryResponseDto> {
    return this.categories.get(id);
  }

  /** Edits a category; a new `parentId` moves it with its subtree (never under itself or a descendant: 409). */
  @Patch(':id')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: CategoryResponseDto })
  @ApiConflictResponse({ description: 'CATEGORY_MOVE_INTO_DESCENDANT' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCategoryDto): Promise<CategoryResponseDto> {
    return this.categories.update(id, dto);
  }

  /** Deletes a category without subcategories or products (otherwise 409). */
  @Delete(':id')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ description: 'CATEGORY_HAS_CHILDREN or CATEGORY_HAS_PRODUCTS' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.categories.remove(id);
  }
}
