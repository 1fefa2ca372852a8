import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { WorkspaceRole } from '../contracts/statuses';

export class WorkspaceMember extends Model<
  InferAttributes<WorkspaceMember>,
  InferCreationAttributes<WorkspaceMember>
> {
  declare workspaceId: string;
  declare userId: string;
  declare role: WorkspaceRole;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof WorkspaceMember {
    return WorkspaceMember.init(
      {
        workspaceId: { type: DataTypes.UUID, primaryKey: true },
        userId: { type: DataTypes.UUID, primaryKey: true },
        role: { type: DataTypes.STRING(16), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'workspace_members', modelName: 'WorkspaceMember', underscored: true }
    );
  }
}
