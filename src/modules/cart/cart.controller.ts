import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentCustomer, CustomerAuth, CustomerPrincipal } from '../../common/auth';
import { CartService } from './cart.service';
import { AddCartItemDto, CartResponseDto, SelectCartItemsDto, UpdateCartItemDto } from './dto/cart.dto';

/** The shopper's one cart. Every write answers the whole cart with current prices and stock. */
@ApiTags('store: cart')
@CustomerAuth()
@Controller('v1/store/cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  get(@CurrentCustomer() customer: CustomerPrincipal): Promise<CartResponseDto> {
    return this.cart.view(customer.id);
  }

  /** Adds a SKU; adding one already in the cart adds to its quantity. */
  @Post('items')
  @HttpCode(200)
  add(@CurrentCustomer() customer: CustomerPrincipal, @Body() dto: AddCartItemDto): Promise<CartResponseDto> {
    return this.cart.addItem(customer.id, dto.skuId, dto.quantity);
  }

  @Patch('items/:id')
  update(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCartItemDto,
  ): Promise<CartResponseDto> {
    return this.cart.updateItem(customer.id, id, dto);
  }

  @Delete('items/:id')
  remove(@CurrentCustomer() customer: CustomerPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<CartResponseDto> {
    return this.cart.removeItem(customer.id, id);
  }

  /** Selects every line, or clears the selection. */
  @Post('selection')
  @HttpCode(200)
  select(@CurrentCustomer() customer: CustomerPrincipal, @Body() dto: SelectCartItemsDto): Promise<CartResponseDto> {
    return this.cart.selectAll(customer.id, dto.selected);
  }

  /** Removes the selected lines. */
  @Delete('items')
  removeSelected(@CurrentCustomer() customer: CustomerPrincipal): Promise<CartResponseDto> {
    return this.cart.removeSelected(customer.id);
  }
}
