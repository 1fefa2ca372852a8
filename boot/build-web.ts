import { ensureWebBuild } from './web-build';

/** `npm run build`: builds the web app and stamps `build/` with the hash of its sources. */
ensureWebBuild(process.cwd(), { force: !process.argv.includes('--if-changed') });
