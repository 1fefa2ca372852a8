import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { devServer } from './boot/dev/vite-plugin.ts';

export default defineConfig({
  plugins: [sveltekit(), devServer()]
});
