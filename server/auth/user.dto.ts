import type { UserDto } from '../../contracts/api';
import type { User } from '../../models';

/** The only way a user leaves the server: an allow-list, so a new column can never leak (e.g. password_hash). */
export function toUserDto(
  user: Pick<User, 'id' | 'email' | 'fullName' | 'isSuperuser' | 'createdAt'>
): UserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    isSuperuser: user.isSuperuser,
    createdAt: user.createdAt.toISOString()
  };
}
