/** What an SMS code may be used for. */
export enum SmsCodePurpose {
  Login = 'login',
}

/** A code is valid this long after it is sent. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
/** A phone may be sent at most one code per this many seconds. */
export const SMS_RESEND_SECONDS = 60;
/** After this many wrong tries the code is burned and a new one must be sent. */
export const SMS_CODE_MAX_ATTEMPTS = 5;
