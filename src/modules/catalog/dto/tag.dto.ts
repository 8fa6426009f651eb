import { IsString, Matches, MaxLength } from 'class-validator';

export class CreateTagDto {
  /** The tag as products carry it and `?tag=` filters by it: `hot`, `new`, `recommended` or free-form. */
  @IsString()
  @Matches(/^\S(.*\S)?$/, { message: 'name must not be blank or start or end with a space' })
  @MaxLength(32)
  name: string;
}

export class TagResponseDto {
  id: string;
  name: string;
  /** Products that carry the tag. */
  products: number;
  createdAt: Date;
}
