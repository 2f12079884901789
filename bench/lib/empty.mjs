// Imported by bench/cold-start.js's `raw node:http (import)` program: starts Node's ES module loader and nothing else.
export {};
