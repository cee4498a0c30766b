import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Reads query parameters a server redirect brought (`?error=`, `?mfa=`, `?linked=`) as the page
 * opens, then takes them out of the address: a reload, a bookmark or the history must not repeat
 * a one-time message or keep a single-use token. Other parameters, such as `next`, stay.
 */
export function useOneTimeParams<Name extends string>(
  names: readonly Name[],
): Readonly<Record<Name, string | null>> {
  const [searchParams, setSearchParams] = useSearchParams();
  const [values] = useState(
    () =>
      Object.fromEntries(names.map((name) => [name, searchParams.get(name)])) as Record<Name, string | null>,
  );
  const present = names.filter((name) => searchParams.has(name)).join(' ');

  useEffect(() => {
    if (!present) return;
    setSearchParams(
      (current) => {
        const kept = new URLSearchParams(current);
        for (const name of present.split(' ')) kept.delete(name);
        return kept;
      },
      { replace: true },
    );
  }, [present, setSearchParams]);

  return values;
}
