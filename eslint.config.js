// ESLint flat config. The layering rule (design.md 3.2) lives here as well as
// in tsconfig.core.json: the DOM-free core may not import the element, session,
// transport, render or input layers, nor Lit.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const UPPER_LAYERS = ['element', 'session', 'transport', 'render', 'input'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'demo-dist/**',
      'test-results/**',
      'playwright-report/**',
      'custom-elements.json',
      'bench/vendor/**',
      '.cache/**',
      '.tmp/**',
      'dist-node/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.browser, ...globals.node}},
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Server text is never HTML: use textContent.',
        },
        {
          selector: "MemberExpression[property.name='outerHTML']",
          message: 'Server text is never HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Server text is never HTML.',
        },
        {
          selector: "MemberExpression[object.name='describe'][property.name='only']",
          message: 'No .only in tests.',
        },
        {
          selector: "MemberExpression[object.name='it'][property.name='only']",
          message: 'No .only in tests.',
        },
        {
          selector: "MemberExpression[object.name='test'][property.name='only']",
          message: 'No .only in tests.',
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'max-lines': ['warn', {max: 600, skipBlankLines: true, skipComments: true}],
    },
  },
  {
    files: ['src/protocol/**/*.ts', 'src/decoders/**/*.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UPPER_LAYERS.flatMap((l) => [`../${l}/*`, `../../${l}/*`, `**/src/${l}/*`]),
              message:
                'The DOM-free core (protocol, decoders, util) must not import the element, session, transport, render or input layers.',
            },
            {
              group: ['lit', 'lit/*', '@lit/*', '@lit/reactive-element'],
              message: 'The core is DOM-free: no Lit here.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['mock-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '**/src/**'],
              message:
                'The mock server builds its own bytes (mock-server/wire) and never imports src/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/element/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../protocol/client-messages*',
                '../protocol/byte-writer*',
                '../protocol/vmware/*',
              ],
              message: 'The element never builds protocol bytes: go through src/session.',
            },
          ],
        },
      ],
    },
  },
);
