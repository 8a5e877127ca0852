/** autocannon ships no types; the bench uses its promise API with options it builds itself. */
declare module "autocannon" {
  const autocannon: (options: Record<string, unknown>) => Promise<unknown>;
  export default autocannon;
}
