import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, page, PageOf, PageQueryDto } from '../../common/pagination';
import { CreateStaffDto, StaffResponseDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('admin: staff')
@Controller('v1/admin/staff')
export class AdminStaffController {
  constructor(private readonly staff: StaffService) {}

  /** Staff members, oldest first. */
  @Get()
  @StaffAuth(Permission.StaffRead)
  @ApiOkResponse({ type: PageOf(StaffResponseDto) })
  async list(@Query() query: PageQueryDto): Promise<Page<StaffResponseDto>> {
    const [items, total] = await this.staff.list(query.offset, query.pageSize);
    return page(items.map(StaffResponseDto.from), total, query);
  }

  /** Creates a staff member. */
  @Post()
  @StaffAuth(Permission.StaffManage)
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  async create(@Body() body: CreateStaffDto): Promise<StaffResponseDto> {
    return StaffResponseDto.from(await this.staff.create(body));
  }

  /** Renames, re-roles, deactivates or reactivates a staff member. */
  @Patch(':id')
  @StaffAuth(Permission.StaffManage)
  @ApiNotFoundResponse({ description: 'No such staff member' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStaffDto): Promise<StaffResponseDto> {
    return StaffResponseDto.from(await this.staff.update(id, body));
  }
}
