/** A minimal key-value store on IndexedDB: one database, one object store, values structured-cloned. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
}

const DB_NAME = "fairledger-wallet";
const STORE = "kv";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function openKeyValueStore(): Promise<KeyValueStore> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await request(open);
  const transact = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    get: async <T>(key: string) => (await request(transact("readonly").get(key))) as T | undefined,
    put: async (key, value) => {
      await request(transact("readwrite").put(value, key));
    },
  };
}

/** An in-memory store with the same interface (unit tests, or a browser that refuses IndexedDB). */
export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    put: async (key, value) => {
      map.set(key, value);
    },
  };
}
