import { Customer } from '../entities/customer.entity';

export class CustomerResponseDto {
  id: string;

  phone: string;

  nickname: string | null;

  createdAt: Date;

  static from(customer: Customer): CustomerResponseDto {
    return { id: customer.id, phone: customer.phone, nickname: customer.nickname, createdAt: customer.createdAt };
  }
}
