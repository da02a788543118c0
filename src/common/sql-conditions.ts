/**
 * The conditions of a WHERE clause whose filters are optional, with their numbered parameters.
 * Each `?` of a condition is replaced by the next parameter number (`$n`), one per value, in order.
 */
export class SqlConditions {
  readonly values: unknown[];
  private readonly conditions: string[] = [];

  /** `values` are parameters the query numbers itself before the conditions (they keep $1, $2, …). */
  constructor(values: readonly unknown[] = []) {
    this.values = [...values];
  }

  /** A condition; with values, its `?`s become their parameters, one each, in order. */
  add(sql: string, ...values: unknown[]): this {
    let numbered = sql;
    for (const value of values) {
      this.values.push(value);
      numbered = numbered.replace('?', `$${this.values.length}`);
    }
    this.conditions.push(numbered);
    return this;
  }

  /** The same conditions and values, to add more to without changing these (a list's page beside its count). */
  copy(): SqlConditions {
    const copy = new SqlConditions(this.values);
    copy.conditions.push(...this.conditions);
    return copy;
  }

  /** The conditions joined by AND (`TRUE` when there are none). */
  get sql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }
}
