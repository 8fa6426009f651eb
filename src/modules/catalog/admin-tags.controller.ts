import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf, PageQueryDto } from '../../common/pagination';
import { CreateTagDto, TagResponseDto } from './dto/tag.dto';
import { TagService } from './tag.service';

@ApiTags('admin: catalog')
@Controller('v1/admin/tags')
export class AdminTagsController {
  constructor(private readonly tags: TagService) {}

  /** Tags in use, with how many products carry each. Product writes register new tags automatically. */
  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: PageOf(TagResponseDto) })
  list(@Query() query: PageQueryDto): Promise<Page<TagResponseDto>> {
    return this.tags.list(query);
  }

  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: TagResponseDto })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  create(@Body() dto: CreateTagDto): Promise<TagResponseDto> {
    return this.tags.create(dto);
  }

  /** Deletes the tag and removes it from every product. */
  @Delete(':id')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.tags.remove(id);
  }
}
