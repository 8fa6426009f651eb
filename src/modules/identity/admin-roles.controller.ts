import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, page, PageOf, PageQueryDto } from '../../common/pagination';
import { CreateRoleDto, PermissionListResponseDto, RoleResponseDto, UpdateRoleDto } from './dto/role.dto';
import { RoleService } from './role.service';

@ApiTags('admin: staff')
@Controller('v1/admin')
export class AdminRolesController {
  constructor(private readonly roles: RoleService) {}

  /** Roles, by name. */
  @Get('roles')
  @StaffAuth(Permission.StaffRead)
  @ApiOkResponse({ type: PageOf(RoleResponseDto) })
  async list(@Query() query: PageQueryDto): Promise<Page<RoleResponseDto>> {
    const [items, total] = await this.roles.list(query.offset, query.pageSize);
    return page(items.map(RoleResponseDto.from), total, query);
  }

  /** Creates a role. */
  @Post('roles')
  @StaffAuth(Permission.StaffManage)
  @ApiConflictResponse({ description: 'ROLE_NAME_TAKEN' })
  async create(@Body() body: CreateRoleDto): Promise<RoleResponseDto> {
    return RoleResponseDto.from(await this.roles.create(body));
  }

  /** Renames a role or replaces its permissions; applies to its holders' next request. */
  @Patch('roles/:id')
  @StaffAuth(Permission.StaffManage)
  @ApiNotFoundResponse({ description: 'No such role' })
  @ApiConflictResponse({ description: 'ROLE_NAME_TAKEN, or ROLE_BUILT_IN for the owner role' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateRoleDto): Promise<RoleResponseDto> {
    return RoleResponseDto.from(await this.roles.update(id, body));
  }

  /** Every permission a role may hold. */
  @Get('permissions')
  @StaffAuth(Permission.StaffRead)
  permissions(): PermissionListResponseDto {
    return { items: this.roles.permissions() };
  }
}
