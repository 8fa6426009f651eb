export class TokenResponseDto {
  /** JWT for `Authorization: Bearer`. */
  accessToken: string;

  /** Opaque token for the refresh route; each one works once. */
  refreshToken: string;

  /** Seconds until the access token expires. */
  expiresIn: number;
}

export class SmsCodeSentResponseDto {
  /** Seconds the code stays valid. */
  expiresIn: number;

  /** Seconds before another code may be sent to this phone. */
  resendAfter: number;
}
