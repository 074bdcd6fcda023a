/**
 * `date.toISOString()`, from the UTC fields. V8's own toISOString asks the OS for the local time zone the first time
 * a process calls it (ICU's time zone and /etc/localtime: ~0.2 ms measured), which a time in UTC never needs; a
 * session stamps two of them on every diagnosis. Years outside 0–9999, which ISO writes with a sign and six digits,
 * are left to toISOString.
 */
export function isoTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}` +
    `T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}` +
    `.${String(date.getUTCMilliseconds()).padStart(3, '0')}Z`
  );
}
