export * from './auth.decorators';
export * from './permissions';
export * from './principal';
