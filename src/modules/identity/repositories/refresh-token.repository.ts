import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { RefreshToken, TokenSubject } from '../entities/refresh-token.entity';

export interface ClaimedToken {
  familyId: string;
  subjectId: string;
}

@Injectable()
export class RefreshTokenRepository {
  async insert(
    em: EntityManager,
    values: Pick<RefreshToken, 'tokenHash' | 'familyId' | 'subjectType' | 'subjectId' | 'expiresAt'>,
  ) {
    await em.getRepository(RefreshToken).insert(values);
  }

  /**
   * Revokes the token if it is live, in one conditional UPDATE, and says whose it was. Of two
   * concurrent claims of one token the second waits for the first's row lock, then matches nothing.
   */
  async claim(em: EntityManager, tokenHash: string, subjectType: TokenSubject): Promise<ClaimedToken | null> {
    const result = await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND subject_type = :subjectType', { tokenHash, subjectType })
      .andWhere('revoked_at IS NULL AND expires_at > now()')
      .returning(['familyId', 'subjectId'])
      .execute();
    const row = (result.raw as { family_id: string; subject_id: string }[])[0];
    return row ? { familyId: row.family_id, subjectId: row.subject_id } : null;
  }

  findByHash(em: EntityManager, tokenHash: string, subjectType: TokenSubject): Promise<RefreshToken | null> {
    return em.getRepository(RefreshToken).findOneBy({ tokenHash, subjectType });
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<number> {
    const result = await em.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return result.affected ?? 0;
  }

  async revokeAllOf(em: EntityManager, subjectType: TokenSubject, subjectId: string): Promise<void> {
    await em.getRepository(RefreshToken).update({ subjectType, subjectId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
