/** The shared REST contract, as the browser sees it (`import { … } from '$lib/contracts'`). */
export * from '../../contracts/api';
export * from '../../contracts/statuses';
