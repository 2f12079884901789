/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Examples import the package by name, as users do.
  moduleNameMapper: {
    '^experiments-api$': '<rootDir>/src/index.ts',
    '^experiments-api/emulator$': '<rootDir>/src/emulator/index.ts',
  },
  collectCoverageFrom: ['src/**/*.ts'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  coverageReporters: ['text-summary', 'text'],
  // The hand-written layers users touch must stay well tested; CI prints the table.
  coverageThreshold: {
    './src/core/': { lines: 90 },
    './src/launchdarkly/': { lines: 90 },
    './src/posthog/': { lines: 90 },
  },
};
