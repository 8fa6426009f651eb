export * from './base.entity';
export * from './bigint.transformer';
export * from './data-source-options';
export * from './ensure-database';
export * from './snake-naming.strategy';
export * from './transaction';
