import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      // css: the in-page styles import tokens.css's text (?raw), which vitest otherwise hands over empty
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node', css: { include: [/tokens\.css/] } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // one browser at a time: the CI machine has two cores
          fileParallelism: false,
        },
      },
    ],
  },
});
