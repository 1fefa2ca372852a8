/** The shared REST and realtime contracts, as the browser sees them (`import { … } from '$lib/contracts'`). */
export * from '../../contracts/api';
export * from '../../contracts/format-bytes';
export * from '../../contracts/pagination';
export * from '../../contracts/statuses';
export * from '../../contracts/realtime';
export * from '../../contracts/notifications';
export type { Reply, RouteName } from '../../contracts/api-routes';
export * from '../../contracts/pipeline';
export * from '../../contracts/training';
