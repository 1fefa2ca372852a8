/** Upgrades are authenticated like every other connection (see core/auth/session-user.ts). */
export { sessionUser, type ConnectionUser as UpgradeUser } from '../core/auth/session-user';
