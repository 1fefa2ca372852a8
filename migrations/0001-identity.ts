import { DataTypes, type QueryInterface } from 'sequelize';
import { WORKSPACE_ROLES } from '../contracts/statuses';
import { addCheck, fk, oneOf, softDelete, timestamps, uuidPk } from './columns';

/** Users, teams (workspaces + members) and the cookie-session table. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('users', {
    id: uuidPk(),
    email: { type: DataTypes.STRING(320), allowNull: false },
    password_hash: { type: DataTypes.STRING(100), allowNull: false },
    full_name: { type: DataTypes.STRING(200), allowNull: false },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    is_superuser: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    last_login_at: { type: DataTypes.DATE, allowNull: true },
    failed_login_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    locked_until: { type: DataTypes.DATE, allowNull: true },
    password_changed_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps(),
    ...softDelete()
  });
  await addCheck(qi, 'users', 'users_email_normalised', 'email = lower(btrim(email))');
  await addCheck(qi, 'users', 'users_failed_login_count_check', 'failed_login_count >= 0');
  await qi.addIndex('users', ['email'], { name: 'idx_users_email', unique: true });
  await qi.addIndex('users', ['id'], { name: 'idx_users_active', where: { is_active: true } });

  await qi.createTable('workspaces', {
    id: uuidPk(),
    name: { type: DataTypes.STRING(120), allowNull: false },
    owner_id: fk('users', 'RESTRICT'),
    is_personal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps(),
    ...softDelete()
  });
  // One personal workspace per user; team workspaces are unlimited.
  await qi.addIndex('workspaces', ['owner_id'], {
    name: 'idx_workspaces_personal',
    unique: true,
    where: { is_personal: true }
  });

  await qi.createTable('workspace_members', {
    workspace_id: { ...fk('workspaces', 'CASCADE'), primaryKey: true },
    user_id: { ...fk('users', 'CASCADE'), primaryKey: true },
    role: { type: DataTypes.STRING(16), allowNull: false },
    ...timestamps()
  });
  await addCheck(qi, 'workspace_members', 'workspace_members_role_check', oneOf('role', WORKSPACE_ROLES));
  await qi.addIndex('workspace_members', ['user_id'], { name: 'idx_workspace_members_user' });

  // Layout required by connect-pg-simple; created here so the app never needs DDL rights at run time.
  await qi.createTable('sessions', {
    sid: { type: DataTypes.STRING, primaryKey: true, allowNull: false },
    sess: { type: DataTypes.JSON, allowNull: false },
    expire: { type: 'TIMESTAMP(6)', allowNull: false }
  });
  await qi.addIndex('sessions', ['expire'], { name: 'idx_sessions_expire' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['sessions', 'workspace_members', 'workspaces', 'users']) {
    await qi.dropTable(table, {});
  }
}
