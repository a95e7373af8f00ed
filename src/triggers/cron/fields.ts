// The eight cron fields, their ranges and APScheduler's field-default rule.
export const FIELD_NAMES = ['year', 'month', 'day', 'week', 'day_of_week', 'hour', 'minute', 'second'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const FIELD_MIN: Readonly<Record<FieldName, number>> = {
  year: 1970, month: 1, day: 1, week: 1, day_of_week: 0, hour: 0, minute: 0, second: 0,
};
export const FIELD_MAX: Readonly<Record<FieldName, number>> = {
  year: 9999, month: 12, day: 31, week: 53, day_of_week: 6, hour: 23, minute: 59, second: 59,
};
const DEFAULTS: Readonly<Record<FieldName, string>> = {
  year: '*', month: '1', day: '1', week: '*', day_of_week: '*', hour: '0', minute: '0', second: '0',
};

/**
 * APScheduler's default rule: an omitted field is `*` while a given field follows it (in the order
 * year → second), and its minimum once none does (week, day_of_week and year stay `*`).
 * So `{ hour: 12 }` means 12:00:00 every day, and `{ day: 1, minute: 5 }` every hour at :05 on the 1st.
 * With no field given at all, every field is `*` (fires every second).
 */
export function withDefaults(given: Partial<Record<FieldName, string>>): Record<FieldName, string> {
  const lastGiven = FIELD_NAMES.reduce((last, name, i) => (given[name] !== undefined ? i : last), -1);
  const result = {} as Record<FieldName, string>;
  FIELD_NAMES.forEach((name, i) => {
    result[name] = given[name] ?? (i < lastGiven || lastGiven < 0 ? '*' : DEFAULTS[name]);
  });
  return result;
}
