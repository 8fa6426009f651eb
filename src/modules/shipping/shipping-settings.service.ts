import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ValidationError } from '../../common/errors';
import { UpdateCodSettingsDto, UpdateSameCitySettingsDto } from './dto/shipping-settings.dto';
import { ShippingSetting } from './entities/shipping-setting.entity';
import { COD_OFF, CodSettings, SAME_CITY_OFF, SameCitySettings } from './shipping.types';

/** Same-city delivery and cash-on-delivery settings, one row each; missing means off. */
@Injectable()
export class ShippingSettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async sameCity(em: EntityManager = this.dataSource.manager): Promise<SameCitySettings> {
    const row = await em.getRepository(ShippingSetting).findOneBy({ key: 'same_city' });
    return { ...SAME_CITY_OFF, ...(row?.value as Partial<SameCitySettings> | undefined) };
  }

  async cod(em: EntityManager = this.dataSource.manager): Promise<CodSettings> {
    const row = await em.getRepository(ShippingSetting).findOneBy({ key: 'cod' });
    return { ...COD_OFF, ...(row?.value as Partial<CodSettings> | undefined) };
  }

  /** Both settings in one query. */
  async both(em: EntityManager = this.dataSource.manager): Promise<{ sameCity: SameCitySettings; cod: CodSettings }> {
    const rows = await em.getRepository(ShippingSetting).findBy({ key: In(['same_city', 'cod']) });
    const value = (key: string) => rows.find((r) => r.key === key)?.value;
    return {
      sameCity: { ...SAME_CITY_OFF, ...(value('same_city') as Partial<SameCitySettings> | undefined) },
      cod: { ...COD_OFF, ...(value('cod') as Partial<CodSettings> | undefined) },
    };
  }

  async updateSameCity(dto: UpdateSameCitySettingsDto): Promise<SameCitySettings> {
    if (dto.enabled && !dto.city) {
      throw new ValidationError('Same-city delivery needs a city while enabled', [
        { field: 'city', messages: ['city is required while enabled'] },
      ]);
    }
    const settings: SameCitySettings = {
      enabled: dto.enabled,
      city: dto.city ?? null,
      districts: dto.districts,
      fee: dto.fee,
      freeAbove: dto.freeAbove ?? null,
      minimumOrder: dto.minimumOrder ?? null,
    };
    await this.save('same_city', settings);
    return settings;
  }

  async updateCod(dto: UpdateCodSettingsDto): Promise<CodSettings> {
    const settings: CodSettings = { enabled: dto.enabled, allowedProvinces: dto.allowedProvinces, extraFee: dto.extraFee ?? 0 };
    await this.save('cod', settings);
    return settings;
  }

  private async save(key: ShippingSetting['key'], value: SameCitySettings | CodSettings) {
    await this.dataSource.query(
      `INSERT INTO shipping_settings (key, value) VALUES ($1, $2::jsonb) ` +
        `ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
