/**
 * The R4 Bundle invariants, answered in JavaScript where that is certain. Medplum's FHIRPath engine
 * takes tens of milliseconds for bdl-3, bdl-4 and bdl-7 on a transaction of 500 entries (each walks
 * every entry as FHIRPath values; isDistinct compares every pair), more than the rest of a Bundle's
 * validation together. Each function here is a sufficient condition for its expression: true means
 * the invariant holds; false means "not certain", and the shape cache evaluates the expression with
 * Medplum's FHIRPath engine as before, so nothing is let through that FHIRPath would refuse.
 * They are looked up by the exact expression text of R4's definitions (an expression that differs,
 * in a later version of Medplum's definitions, is evaluated as FHIRPath). test/fhir/fhir-bundle-invariants.spec.ts
 * compares each with Medplum's engine on random Bundles.
 */
type Json = Record<string, unknown>;

/** `context` is the element the invariant is on (the Bundle, or a Bundle.entry); `resource` is %resource. */
export type SufficientCondition = (context: unknown, resource: unknown) => boolean;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An element FHIRPath's exists() is certainly true of: an object with a value in it. */
const present = (value: unknown) => isObject(value) && Object.values(value).some((v) => v !== undefined && v !== null);

/** The Bundle's type when it is a string, and its entries when they are a list of objects (or absent); otherwise not certain. */
function bundleParts(bundle: unknown): { type: string; entries: Json[] } | undefined {
  if (!isObject(bundle) || typeof bundle.type !== 'string') return undefined;
  if (bundle.entry === undefined) return { type: bundle.type, entries: [] };
  if (!Array.isArray(bundle.entry) || !bundle.entry.every(isObject)) return undefined;
  return { type: bundle.type, entries: bundle.entry };
}

/** `type = '<type>' implies ...`: certain whenever the Bundle is of another type. */
const notOfType =
  (type: string): SufficientCondition =>
  (bundle) => {
    const parts = bundleParts(bundle);
    return parts !== undefined && parts.type !== type;
  };

/** bdl-3 and bdl-4: every entry has the element exactly when %resource's type is one of `types`. */
const elementWhenTypeIs =
  (element: string, types: readonly string[]): SufficientCondition =>
  (bundle, resource) => {
    const parts = bundleParts(bundle);
    if (!parts || !isObject(resource) || typeof resource.type !== 'string') return false;
    const wanted = types.includes(resource.type);
    return parts.entries.every((entry) => (wanted ? present(entry[element]) : entry[element] === undefined));
  };

export const SUFFICIENT_CONDITIONS: ReadonlyMap<string, SufficientCondition> = new Map<string, SufficientCondition>([
  [
    // bdl-1
    "total.empty() or (type = 'searchset') or (type = 'history')",
    (bundle) => {
      const parts = bundleParts(bundle);
      return parts !== undefined && ((bundle as Json).total === undefined || parts.type === 'searchset' || parts.type === 'history');
    },
  ],
  [
    // bdl-2
    "entry.search.empty() or (type = 'searchset')",
    (bundle) => {
      const parts = bundleParts(bundle);
      return parts !== undefined && (parts.type === 'searchset' || parts.entries.every((entry) => entry.search === undefined));
    },
  ],
  [
    // bdl-3
    "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    elementWhenTypeIs('request', ['batch', 'transaction', 'history']),
  ],
  [
    // bdl-4
    "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    elementWhenTypeIs('response', ['batch-response', 'transaction-response', 'history']),
  ],
  [
    // bdl-7: with no entry's resource (the envelope), each fullUrl & resource.meta.versionId is the fullUrl itself.
    // Medplum evaluates both sides of `or`, so a history Bundle too needs fullUrls that `&` takes.
    "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    (bundle) => {
      const parts = bundleParts(bundle);
      if (!parts) return false;
      const seen = new Set<string>();
      let distinct = true;
      for (const entry of parts.entries) {
        if (entry.resource !== undefined) return false;
        if (entry.fullUrl === undefined) continue;
        if (typeof entry.fullUrl !== 'string' || entry.fullUrl === '') return false;
        if (seen.has(entry.fullUrl)) distinct = false;
        seen.add(entry.fullUrl);
      }
      return distinct || parts.type === 'history';
    },
  ],
  ["type = 'document' implies (identifier.system.exists() and identifier.value.exists())", notOfType('document')], // bdl-9
  ["type = 'document' implies (timestamp.hasValue())", notOfType('document')], // bdl-10
  ["type = 'document' implies entry.first().resource.is(Composition)", notOfType('document')], // bdl-11
  ["type = 'message' implies entry.first().resource.is(MessageHeader)", notOfType('message')], // bdl-12
  [
    // bdl-8, on each entry
    "fullUrl.exists() implies fullUrl.contains('/_history/').not()",
    (entry) =>
      isObject(entry) && (entry.fullUrl === undefined || (typeof entry.fullUrl === 'string' && !entry.fullUrl.includes('/_history/'))),
  ],
]);
