/**
 * Calendar dates stay strings (YYYY-MM-DD). node-postgres would turn a DATE into a JavaScript Date
 * at local midnight, which shifts days across time zones.
 */
import { types } from 'pg';

const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value: string) => value);
