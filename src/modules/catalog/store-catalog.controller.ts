import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import { CategoryService } from './category.service';
import { StoreSlotResponseDto } from './dto/ad-slot.dto';
import { StoreCategoryResponseDto } from './dto/category.dto';
import { ListStoreProductsQueryDto, StoreProductListItemResponseDto, StoreProductResponseDto } from './dto/store-product.dto';
import { StoreCatalogService } from './store-catalog.service';

@ApiTags('store: catalog')
@Controller('v1/store')
export class StoreCatalogController {
  constructor(
    private readonly store: StoreCatalogService,
    private readonly categories: CategoryService,
  ) {}

  /** The visible category tree. */
  @Get('categories')
  @Public()
  @ApiOkResponse({ type: [StoreCategoryResponseDto] })
  categoryTree(): Promise<StoreCategoryResponseDto[]> {
    return this.categories.storeTree();
  }

  /** Products on the shelf; a category includes its descendants; `q` matches title words (Chinese or not). */
  @Get('products')
  @Public()
  @ApiOkResponse({ type: PageOf(StoreProductListItemResponseDto) })
  products(@Query() query: ListStoreProductsQueryDto): Promise<Page<StoreProductListItemResponseDto>> {
    return this.store.list(query);
  }

  /** A product on the shelf with its brand and SKUs; drafts and products off the shelf are 404. */
  @Get('products/:id')
  @Public()
  @ApiOkResponse({ type: StoreProductResponseDto })
  @ApiNotFoundResponse({ description: 'No such product on the shelf' })
  product(@Param('id', ParseUUIDPipe) id: string): Promise<StoreProductResponseDto> {
    return this.store.product(id);
  }

  /** The items of a slot live now (banners and products on the shelf), in display order. */
  @Get('slots/:key')
  @Public()
  @ApiOkResponse({ type: StoreSlotResponseDto })
  @ApiNotFoundResponse({ description: 'No such slot' })
  slot(@Param('key') key: string): Promise<StoreSlotResponseDto> {
    return this.store.slot(key);
  }
}
