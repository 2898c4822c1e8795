// An in-memory structure built from the database (the catalogue's facet index, the library's search
// index), kept per connection until a version in the database moves. Freshness: each caller reads the
// version first; it gets a kept structure only if that was built at this version or later, and joins a
// build in progress only if the build started at this version or later (its snapshot may otherwise predate
// a write the caller already saw). A build reads the version and its rows in one transaction (repeatable
// read on PostgreSQL), so the structure says which version it describes.
import type { DatabaseHandle, Db } from './database.ts';

interface Entry<T> {
  value?: T;
  building?: { promise: Promise<T>; atLeast: number };
}

export function versionedSnapshot<T extends { version: number }>(
  readVersion: (db: Db) => Promise<number>,
  build: (db: Db) => Promise<T>,
): (repo: { db: Db; dialect: DatabaseHandle['dialect'] }) => Promise<T> {
  // Keyed by the connection object: tests and benchmarks run several databases in one process.
  const cache = new WeakMap<object, Entry<T>>();
  return async (repo) => {
    let entry = cache.get(repo.db);
    if (!entry) cache.set(repo.db, (entry = {}));
    const version = await readVersion(repo.db);
    if (entry.value && entry.value.version >= version) return entry.value;
    if (entry.building && entry.building.atLeast >= version) return entry.building.promise;
    const e = entry;
    const run =
      repo.dialect === 'postgres'
        ? repo.db.transaction().setIsolationLevel('repeatable read').execute((trx) => build(trx))
        : repo.db.transaction().execute((trx) => build(trx));
    const building = {
      atLeast: version,
      promise: run
        .then((v) => {
          if (!e.value || v.version >= e.value.version) e.value = v;
          return v;
        })
        .finally(() => {
          if (e.building === building) e.building = undefined;
        }),
    };
    e.building = building;
    return building.promise;
  };
}
