import { DataTypes, type QueryInterface } from 'sequelize';
import { addCheck } from './columns';

/** EDA reports show progress (percent + step) while they run, like training jobs. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('eda_reports', 'progress_percentage', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0
  });
  await qi.addColumn('eda_reports', 'current_step', { type: DataTypes.TEXT, allowNull: true });
  await addCheck(qi, 'eda_reports', 'eda_reports_progress_range', 'progress_percentage BETWEEN 0 AND 100');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('eda_reports', 'current_step');
  await qi.removeColumn('eda_reports', 'progress_percentage');
}
