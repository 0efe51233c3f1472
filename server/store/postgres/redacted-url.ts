// A database URL as messages may show it. Its own file, without the `pg` client, so the
// start-up's error lines can use it without loading PostgreSQL's driver on SQLite.

/** A database URL as messages may show it: without its password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq takes the password as a parameter too (?password=…, and sslpassword).
    for (const key of [...u.searchParams.keys()]) if (/password/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
