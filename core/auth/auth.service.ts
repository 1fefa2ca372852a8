import bcrypt from 'bcrypt';
import type { LoginBody, RegisterBody } from '../../contracts/api';
import type { User } from '../../models';
import { InvalidInput, Conflict, Locked, Unauthenticated } from '../../contracts/errors';
import {
  EmailTakenError,
  LOCK_AFTER_FAILURES,
  LOCK_MINUTES,
  type UserRepository
} from '../../data/user.repository';

/** Sign-up and sign-in rules: bcrypt hashing, uniform failures, lockout after repeated failures. */
export class AuthService {
  // Compared against when the email is unknown, so both paths cost one bcrypt comparison.
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly bcryptCost: number
  ) {
    this.dummyHash = bcrypt.hash('pipeweave-timing-equaliser', bcryptCost);
  }

  async register(body: RegisterBody): Promise<User> {
    checkNewPassword(body.password);
    const passwordHash = await bcrypt.hash(body.password, this.bcryptCost);
    try {
      return await this.users.createWithPersonalWorkspace({
        email: body.email,
        passwordHash,
        fullName: body.fullName
      });
    } catch (err) {
      if (err instanceof EmailTakenError) {
        throw new Conflict('An account with this email already exists.', 'email_taken');
      }
      throw err;
    }
  }

  async login(body: LoginBody): Promise<User> {
    const user = await this.users.findActiveByEmail(body.email);
    if (!user) {
      await bcrypt.compare(body.password, await this.dummyHash);
      throw invalidCredentials();
    }
    // The attempt is claimed before bcrypt runs, so parallel guesses share the same five.
    const attempt = await this.users.reserveAttempt(user.id);
    if (!attempt) throw invalidCredentials();
    if ('lockedUntil' in attempt) throw locked(attempt.lockedUntil);
    if (!(await bcrypt.compare(body.password, user.passwordHash))) {
      const { lockedUntil, failures } = await this.users.recordFailure(user.id);
      if (lockedUntil) throw locked(lockedUntil);
      throw invalidCredentials(LOCK_AFTER_FAILURES - failures);
    }
    const { lockedUntil } = await this.users.recordSuccess(user.id, attempt.slot);
    if (lockedUntil) throw locked(lockedUntil);
    return user;
  }
}

/** bcrypt reads only this many bytes of a password; anything after them would be ignored. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/**
 * A new password must fit in what bcrypt reads: a longer one would be cut silently, so its end
 * would not count. Existing passwords are never refused at sign-in.
 */
function checkNewPassword(password: string): void {
  if (Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_PASSWORD_BYTES) return;
  const message = `Password must be at most ${BCRYPT_MAX_PASSWORD_BYTES} bytes (letters outside plain ASCII count as 2–4).`;
  throw new InvalidInput(
    `Invalid request body: password: ${message}`,
    { issues: [{ path: 'password', message }] },
    'invalid_input'
  );
}

/** Tries left before the lock are told from the third failure on; earlier, all failures look alike. */
export const WARN_WHEN_TRIES_LEFT = LOCK_AFTER_FAILURES - 3;

function invalidCredentials(triesLeft?: number): Unauthenticated {
  if (triesLeft === undefined || triesLeft > WARN_WHEN_TRIES_LEFT)
    return new Unauthenticated('Wrong email or password.', 'invalid_credentials');
  const tries = triesLeft <= 1 ? 'One more wrong password' : `${triesLeft} more wrong passwords`;
  return new Unauthenticated(
    `Wrong email or password. ${tries} will lock this account for ${LOCK_MINUTES} minutes.`,
    'invalid_credentials',
    { attemptsLeft: Math.max(triesLeft, 1) }
  );
}

const locked = (until: Date) =>
  new Locked(`This account is locked for ${LOCK_MINUTES} minutes after repeated failed sign-ins.`, {
    lockedUntil: until.toISOString()
  });
