/**
 * The conditions of a WHERE clause whose filters are optional, with their numbered parameters.
 * Each condition holds at most one `?`, replaced by the next parameter number (`$n`).
 */
export class SqlConditions {
  readonly values: unknown[];
  private readonly conditions: string[] = [];

  /** `values` are parameters the query numbers itself before the conditions (they keep $1, $2, …). */
  constructor(values: readonly unknown[] = []) {
    this.values = [...values];
  }

  /** A condition; with a value, its `?` becomes that value's parameter. */
  add(sql: string, ...value: [] | [unknown]): this {
    if (value.length === 0) {
      this.conditions.push(sql);
      return this;
    }
    this.values.push(value[0]);
    this.conditions.push(sql.replace('?', `$${this.values.length}`));
    return this;
  }

  /** The conditions joined by AND (`TRUE` when there are none). */
  get sql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }
}
