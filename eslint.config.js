import tseslint from 'typescript-eslint';
import nounsanitized from 'eslint-plugin-no-unsanitized';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', 'artifacts/', '.tmp/'] },
  ...tseslint.configs.recommended,
  nounsanitized.configs.recommended,
  {
    // Preact's hooks follow React's rules (call order, dependencies). Only the two classic rules: the plugin's
    // React Compiler rules assume React's compiler, which we do not use. Missing dependencies warn until the
    // UI rewrite (issue #13) lands, then they become errors.
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build DOM nodes; never parse page, knowledge-base or user text as HTML.' },
        { property: 'outerHTML', message: 'Build DOM nodes instead.' },
        { property: 'insertAdjacentHTML', message: 'Build DOM nodes instead.' },
      ],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in the UI.' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'webextension-polyfill', message: 'src/ runs without a browser; the seam is extension/shared/browser.ts.' }] }],
      'no-restricted-globals': ['error', { name: 'chrome', message: 'src/ is free of browser APIs.' }, { name: 'browser', message: 'src/ is free of browser APIs.' }],
    },
  },
  {
    // every listener and observer of the content script is counted (page:shown reports it; the companion shows data-live),
    // so none may be added past the count; the gate's two are fixed and registered once per page
    files: ['extension/content/**/*.{ts,tsx}'],
    ignores: ['extension/content/gate.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in the UI.' },
        { selector: "CallExpression[callee.property.name='addEventListener']", message: 'Use tally.listen (content/live.ts), so the count of live listeners sees it.' },
        { selector: "NewExpression[callee.name=/Observer$/]:not(CallExpression[callee.property.name='track'] > NewExpression)", message: 'Wrap it in tally.track (content/live.ts), so the count of live observers sees it.' },
      ],
    },
  },
  {
    files: ['extension/**/*.{ts,tsx}'],
    ignores: ['extension/shared/browser.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'webextension-polyfill', message: 'Import `api` from extension/shared/browser.ts, the one seam.' }] }] },
  },
);
