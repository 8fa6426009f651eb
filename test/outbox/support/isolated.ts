import { Client } from 'pg';
import { isolatedStore, IsolatedStore } from '../../support/isolated';

export const EFFECTS_TABLE = 'test_outbox_effects';
export type Isolated = IsolatedStore;

/** A store of the suite's own (see isolatedStore) with the table that test subscribers write their effects to. */
export async function isolated(label: string): Promise<Isolated> {
  const store = await isolatedStore(label);
  const client = new Client({ connectionString: store.databaseUrl });
  await client.connect();
  try {
    // No unique key, so a handler that ran twice shows as two rows.
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${EFFECTS_TABLE} (event_id uuid NOT NULL, consumer text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
  } finally {
    await client.end();
  }
  return store;
}
