import { NotFoundProblem } from '../common/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An object's id from a page's path; anything that cannot be one is the same 404 page as an unknown object. */
export function idParam(id: string, what: string): string {
  if (!UUID.test(id)) throw new NotFoundProblem(what);
  return id;
}
