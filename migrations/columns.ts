import { DataTypes, Sequelize, type ModelAttributeColumnOptions, type QueryInterface } from 'sequelize';

/** Column helpers shared by the numbered migrations, so every table spells ids and clocks the same way. */
export const uuidPk = (): ModelAttributeColumnOptions => ({
  type: DataTypes.UUID,
  primaryKey: true,
  allowNull: false,
  defaultValue: Sequelize.literal('gen_random_uuid()')
});

export const fk = (
  table: string,
  onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL',
  allowNull = false
): ModelAttributeColumnOptions => ({
  type: DataTypes.UUID,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE'
});

export const timestamps = (): Record<string, ModelAttributeColumnOptions> => ({
  created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: Sequelize.literal('now()') },
  updated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: Sequelize.literal('now()') }
});

export const softDelete = (): Record<string, ModelAttributeColumnOptions> => ({
  deleted_at: { type: DataTypes.DATE, allowNull: true }
});

export const jsonb = (allowNull: boolean, defaultJson?: unknown): ModelAttributeColumnOptions => ({
  type: DataTypes.JSONB,
  allowNull,
  ...(defaultJson === undefined
    ? {}
    : { defaultValue: Sequelize.literal(`'${JSON.stringify(defaultJson)}'::jsonb`) })
});

/** A CHECK that a text column holds one of a fixed set of values. */
export const oneOf = (column: string, values: readonly string[]): string =>
  `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;

/** Adds a named CHECK constraint written in SQL. */
export async function addCheck(qi: QueryInterface, table: string, name: string, sql: string): Promise<void> {
  await qi.addConstraint(table, { type: 'check', name, fields: [], where: qi.sequelize.literal(sql) });
}
