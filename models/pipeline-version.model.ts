import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize
} from 'sequelize';
import type { PipelineValidationDto, VersionStatus } from '../contracts/pipeline';
import type { User } from './user.model';

/** An immutable snapshot of a pipeline; rows are only ever inserted. */
export class PipelineVersion extends Model<
  InferAttributes<PipelineVersion>,
  InferCreationAttributes<PipelineVersion>
> {
  declare id: CreationOptional<string>;
  declare pipelineId: string;
  declare version: number;
  declare config: Record<string, unknown>;
  declare name: string;
  declare message: string | null;
  declare status: VersionStatus;
  declare validation: PipelineValidationDto | null;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
  /** Loaded with `include: author` for display names. */
  declare author?: NonAttribute<User>;

  static initModel(sequelize: Sequelize): typeof PipelineVersion {
    return PipelineVersion.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        pipelineId: { type: DataTypes.UUID, allowNull: false },
        version: { type: DataTypes.INTEGER, allowNull: false },
        config: { type: DataTypes.JSONB, allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: false },
        message: { type: DataTypes.TEXT, allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false },
        validation: { type: DataTypes.JSONB, allowNull: true },
        createdBy: { type: DataTypes.UUID, allowNull: false },
        createdAt: DataTypes.DATE
      },
      {
        sequelize,
        tableName: 'pipeline_versions',
        modelName: 'PipelineVersion',
        underscored: true,
        updatedAt: false
      }
    );
  }
}
