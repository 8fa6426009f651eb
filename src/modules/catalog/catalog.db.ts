import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Inserts a row unless it collides with a unique index; answers its id, or null on a collision. */
export async function insertUnique<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
) {
  const { raw } = await dataSource.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning('id').execute();
  return ((raw as { id: string }[])[0]?.id ?? null) as string | null;
}

export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
