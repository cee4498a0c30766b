import { ErrorCode } from '@beseda/protocol';
import { ArcticFetchError, OAuth2RequestError, type OAuth2Tokens } from 'arctic';
import { AppError } from '../../../common/errors/app-error.js';
import { PROVIDER_TIMEOUT_MS, providerError } from './oauth-provider.js';

/**
 * Runs an arctic code exchange with a time limit and turns its failures into our codes: a
 * refused grant (a used, expired or forged code, a wrong verifier) is the attempt's fault;
 * anything else is the provider's.
 */
export async function exchangeCode(exchange: () => Promise<OAuth2Tokens>): Promise<OAuth2Tokens> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(providerError('the token endpoint did not answer in time')),
      PROVIDER_TIMEOUT_MS,
    );
  });
  try {
    const tokens = await Promise.race([exchange(), timeout]);
    // Some providers (GitHub) answer an error with HTTP 200.
    const data = tokens.data as { error?: unknown; access_token?: unknown };
    if (typeof data.error === 'string') throw refused(data.error);
    if (typeof data.access_token !== 'string') throw providerError('the token response has no access token');
    return tokens;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof OAuth2RequestError) throw refused(error.code);
    if (error instanceof ArcticFetchError)
      throw providerError(`the token endpoint could not be reached: ${error.message}`);
    throw providerError(`the token request failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function refused(code: string): AppError {
  const message = `The provider refused the authorization code: ${code}`;
  // A bad client id or secret is the operator's to fix, not the user's.
  return code === 'invalid_grant' || code === 'bad_verification_code'
    ? new AppError(ErrorCode.oauthInvalidState, 401, message)
    : providerError(message);
}
