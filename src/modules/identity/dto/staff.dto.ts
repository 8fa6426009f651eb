import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Role } from '../entities/role.entity';
import { Staff } from '../entities/staff.entity';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class LoginStaffDto {
  @Transform(lowerCase)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MaxLength(128)
  password: string;
}

export class CreateStaffDto {
  @Transform(lowerCase)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** At least 8 characters. */
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  /** Ids of the roles to hold. */
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  roleIds?: string[];
}

export class UpdateStaffDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** Replaces the roles held. */
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  roleIds?: string[];

  /** false signs the member out everywhere and refuses their logins. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RoleRefDto {
  id: string;

  name: string;

  static from(role: Role): RoleRefDto {
    return { id: role.id, name: role.name };
  }
}

export class StaffResponseDto {
  id: string;

  email: string;

  name: string;

  active: boolean;

  roles: RoleRefDto[];

  createdAt: Date;

  static from(staff: Staff): StaffResponseDto {
    return {
      id: staff.id,
      email: staff.email,
      name: staff.name,
      active: staff.active,
      roles: sortedRoles(staff.roles),
      createdAt: staff.createdAt,
    };
  }
}

export class StaffMeResponseDto {
  id: string;

  email: string;

  name: string;

  roles: RoleRefDto[];

  /** Every permission the roles grant, sorted. */
  permissions: string[];

  static from(staff: Staff, permissions: string[]): StaffMeResponseDto {
    return { id: staff.id, email: staff.email, name: staff.name, roles: sortedRoles(staff.roles), permissions };
  }
}

const sortedRoles = (roles: Role[] = []) => roles.map(RoleRefDto.from).sort((a, b) => a.name.localeCompare(b.name));
