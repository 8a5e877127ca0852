// solidity-coverage settings for `npm run coverage` (also a stage of `npm test`, which requires 100% on contracts/).
module.exports = {
  istanbulReporter: ["text-summary", "json-summary", "html"],
  // Mocha under instrumentation: contracts are bigger and slower; same specs, no gas reporter.
  mocha: { timeout: 300_000 },
};
