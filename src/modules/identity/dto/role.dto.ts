import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ALL_PERMISSIONS } from '../../../common/auth';
import { Role } from '../entities/role.entity';

const ROLE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const ROLE_NAME_MESSAGE = 'name may hold lower-case letters, digits, _ and - only';
const PERMISSION_MESSAGE = `each permission must be one of: ${ALL_PERMISSIONS.join(', ')}`;

export class CreateRoleDto {
  /** Lower-case letters, digits, _ and -. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROLE_NAME, { message: ROLE_NAME_MESSAGE })
  name: string;

  /** Permission names, see GET /v1/admin/permissions. */
  @IsArray()
  @ArrayMaxSize(200)
  @IsIn(ALL_PERMISSIONS, { each: true, message: PERMISSION_MESSAGE })
  permissions: string[];
}

export class UpdateRoleDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROLE_NAME, { message: ROLE_NAME_MESSAGE })
  name?: string;

  /** Replaces the role's permissions. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsIn(ALL_PERMISSIONS, { each: true, message: PERMISSION_MESSAGE })
  permissions?: string[];
}

export class RoleResponseDto {
  id: string;

  name: string;

  permissions: string[];

  /** Maintained by the application (owner); cannot be edited. */
  builtIn: boolean;

  createdAt: Date;

  static from(role: Role): RoleResponseDto {
    return { id: role.id, name: role.name, permissions: role.permissions, builtIn: role.builtIn, createdAt: role.createdAt };
  }
}

export class PermissionListResponseDto {
  /** Every permission a role may hold. */
  items: string[];
}
