export * from './csv';
export * from './csv-body.parser';
export * from './csv-import';
