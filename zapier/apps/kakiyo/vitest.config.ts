import { defineConfig } from 'vitest/config';

// The app's own tests (`npm test`, `zapier-platform test`): vitest would otherwise take the
// config of the folder above, when there is one.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
