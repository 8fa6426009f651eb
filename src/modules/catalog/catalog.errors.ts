import { ConflictError, DomainError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one; add new ones.
export enum CatalogErrorCode {
  SKU_CODE_TAKEN = 'SKU_CODE_TAKEN',
  CATEGORY_HAS_CHILDREN = 'CATEGORY_HAS_CHILDREN',
  CATEGORY_HAS_PRODUCTS = 'CATEGORY_HAS_PRODUCTS',
  CATEGORY_MOVE_INTO_DESCENDANT = 'CATEGORY_MOVE_INTO_DESCENDANT',
  BRAND_IN_USE = 'BRAND_IN_USE',
  SUPPLIER_IN_USE = 'SUPPLIER_IN_USE',
  NAME_TAKEN = 'NAME_TAKEN',
  SLOT_KEY_TAKEN = 'SLOT_KEY_TAKEN',
  IMPORT_UNREADABLE = 'IMPORT_UNREADABLE',
}

export class SkuCodeTakenError extends ConflictError {
  constructor(readonly codes: string[]) {
    super(`SKU code ${codes.map((c) => `"${c}"`).join(', ')} is already taken`, CatalogErrorCode.SKU_CODE_TAKEN, { codes });
  }
}

export class NameTakenError extends ConflictError {
  constructor(what: string, name: string) {
    super(`A ${what} named "${name}" already exists`, CatalogErrorCode.NAME_TAKEN, { name });
  }
}

/** The CSV cannot be read at all (bad header, unclosed quote, too many rows): nothing is imported. */
export class ImportUnreadableError extends DomainError {
  constructor(detail: string) {
    super(CatalogErrorCode.IMPORT_UNREADABLE, 400, detail);
  }
}
