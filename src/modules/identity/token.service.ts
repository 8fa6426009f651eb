import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { Environment } from '../../config/environment';
import { hashRefreshToken, newRefreshToken } from './domain/tokens';
import { TokenSubject } from './entities/refresh-token.entity';
import { InvalidRefreshTokenError } from './identity.errors';
import { RefreshTokenRepository } from './repositories/refresh-token.repository';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** What a verified access token says. */
export interface AccessClaims {
  sub: string;
  typ: TokenSubject;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Access tokens (HS256 JWT) and rotating refresh tokens (opaque, stored as sha256). */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('Tokens');

  constructor(
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  /** A new pair; a new refresh token family unless `familyId` continues one. */
  async issue(
    em: EntityManager,
    subjectType: TokenSubject,
    subjectId: string,
    familyId: string = randomUUID(),
  ): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    await this.refreshTokens.insert(em, {
      tokenHash: hashRefreshToken(refreshToken),
      familyId,
      subjectType,
      subjectId,
      expiresAt: new Date(Date.now() + this.env.JWT_REFRESH_TTL_SECONDS * 1000),
    });
    const accessToken = await this.jwt.signAsync({ sub: subjectId, typ: subjectType } satisfies AccessClaims);
    return { accessToken, refreshToken, expiresIn: this.env.JWT_ACCESS_TTL_SECONDS };
  }

  /** The claims of a valid access token, or null when it is forged, expired or malformed. */
  async verifyAccessToken(token: string): Promise<AccessClaims | null> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    const { sub, typ } = payload;
    if (typeof sub !== 'string' || !UUID.test(sub) || (typ !== 'customer' && typ !== 'staff')) return null;
    return { sub, typ };
  }

  /**
   * Rotates a refresh token: the presented one is revoked and a new pair of the same family issued.
   * A token that was already rotated or revoked is a sign that it leaked (the thief or the owner used
   * it after the other did): the whole family is revoked, which logs both out. `subjectIsActive` is
   * asked, inside the transaction, whether the owner may still have tokens.
   */
  async rotate(
    refreshToken: string,
    subjectType: TokenSubject,
    subjectIsActive: (em: EntityManager, subjectId: string) => Promise<boolean>,
  ): Promise<TokenPair> {
    const tokenHash = hashRefreshToken(refreshToken);
    const pair = await inTransaction(this.dataSource, async (em) => {
      const claimed = await this.refreshTokens.claim(em, tokenHash, subjectType);
      if (claimed) {
        if (await subjectIsActive(em, claimed.subjectId)) {
          return this.issue(em, subjectType, claimed.subjectId, claimed.familyId);
        }
        await this.refreshTokens.revokeFamily(em, claimed.familyId);
        return null;
      }
      const known = await this.refreshTokens.findByHash(em, tokenHash, subjectType);
      if (known?.revokedAt) {
        const revoked = await this.refreshTokens.revokeFamily(em, known.familyId);
        this.logger.warn(
          { familyId: known.familyId, subjectType, subjectId: known.subjectId, revoked },
          'refresh token reused; its family is revoked',
        );
      }
      return null;
    });
    if (!pair) throw new InvalidRefreshTokenError();
    return pair;
  }

  async revokeAllOf(em: EntityManager, subjectType: TokenSubject, subjectId: string): Promise<void> {
    await this.refreshTokens.revokeAllOf(em, subjectType, subjectId);
  }
}
