/** Upgrades are authenticated like every other connection (see server/auth/session-user.ts). */
export { sessionUser, type ConnectionUser as UpgradeUser } from '../server/auth/session-user';
