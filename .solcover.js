// solidity-coverage settings for `npm run coverage` (also the `coverage` stage of `npm test`, which then
// requires every branch, statement and function of contracts/ to be covered: scripts/require-full-coverage.mjs).
module.exports = {
  // Mocha under instrumentation: contracts are bigger and slower; same specs.
  mocha: { timeout: 300_000 },
};
