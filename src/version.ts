/** This package's version, sent in `User-Agent`. Kept equal to package.json by test/version.test.ts. */
export const VERSION = '0.1.0';
