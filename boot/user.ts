import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { resetPassword } from '../core/auth/reset-password';
import { SessionRevocations } from '../core/auth/session-revocations';
import { startRuntime } from '../core/runtime';

/** `npm run user -- reset-password EMAIL`: prints a new password for the account, for the operator. */
async function main(): Promise<void> {
  const [command, email] = process.argv.slice(2);
  if (command !== 'reset-password' || !email) {
    console.error('Usage: npm run user -- reset-password EMAIL');
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config);
  const rt = await startRuntime(config, log, { migrate: false });
  const revocations = new SessionRevocations({
    redis: rt.redis,
    channel: `${config.redis.prefix}:sessions:revoked`,
    log
  });
  try {
    const password = await resetPassword(
      { users: rt.repos.users, revocations, bcryptCost: config.bcryptCost },
      email
    );
    if (!password) {
      console.error(`No active account uses ${email}.`);
      process.exitCode = 1;
      return;
    }
    console.log(`New password for ${email}: ${password}`);
    console.log('Their sessions have ended and any sign-in lock is lifted. Ask them to keep it private.');
  } finally {
    revocations.close();
    await rt.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
