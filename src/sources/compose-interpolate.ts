/**
 * Compose's interpolation of one value (`${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR:+other}`, `$$` for a dollar), from the variables given. The unset names without a default are returned
 * so that the caller can say which is missing; the value is then not what Compose would run.
 */
export function interpolateCompose(
  value: string,
  variables: Readonly<Record<string, string>>,
): { value: string; unset: string[] } {
  const unset: string[] = [];
  const out = value.replace(
    /\$(?:\$|\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g,
    (whole, braced?: string, operator?: string, word?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const current = Object.hasOwn(variables, name) ? variables[name] : undefined;
      const emptyCounts = operator?.startsWith(':') ?? false;
      const isSet = current !== undefined && (!emptyCounts || current !== '');
      switch (operator?.replace(':', '')) {
        case '-':
          return isSet ? current! : word!;
        case '+':
          return isSet ? word! : '';
        default:
          // `${VAR:?message}` and `${VAR}`: Compose refuses the first and warns on the second when VAR is unset.
          if (!isSet) unset.push(name);
          return current ?? '';
      }
    },
  );
  return { value: out, unset };
}
