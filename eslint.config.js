import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// The process boundaries of DESIGN.md, checked rather than described.
const noElectronInCore = {
  paths: [{ name: 'electron', message: 'main/core runs outside Electron too: pass it in.' }],
}
const noMainInRenderer = {
  patterns: [{ group: ['**/main/**', 'electron'], message: 'The renderer knows only contract/.' }],
}

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'tmp', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'contract/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['main/core/**/*.ts', 'contract/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronInCore] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', noMainInRenderer],
    },
  },
)
