/** A token service's refusal, or a helper that failed, in the helper's own words. */
export class HelperError extends Error {
  override readonly name = "HelperError";
}
