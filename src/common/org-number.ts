/** Norwegian organization numbers: 9 digits, the last a mod-11 check digit with weights 3 2 7 6 5 4 3 2. */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

export function isValidOrgNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(value[8]);
}

/** Makes a valid organization number from eight leading digits (for demo data and tests); undefined when no check digit exists. */
export function withOrgCheckDigit(first8: string): string | undefined {
  for (let d = 0; d <= 9; d++) if (isValidOrgNumber(`${first8}${d}`)) return `${first8}${d}`;
  return undefined;
}
