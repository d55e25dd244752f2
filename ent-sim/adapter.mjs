/**
 * An in-memory storage adapter for oidc-provider, one store per simulator.
 *
 * oidc-provider's own MemoryAdapter shares one 1,000-entry LRU across every provider of the process, so
 * a busy simulator would silently lose sessions and tokens, and two simulators in one test process would
 * share state. This one keeps entries until they expire (each model has a TTL) and sweeps expired
 * entries as it goes, so memory follows the number of live sessions and tokens.
 *
 * @module
 */

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * @returns {{ Adapter: import('oidc-provider').AdapterConstructor, size: () => number }}
 */
export function createMemoryAdapter() {
  /** @type {Map<string, { value: any, expiresAt: number }>} */
  const store = new Map();
  let writes = 0;

  /** @param {string} key */
  const get = (key) => {
    const entry = store.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.value;
  };
  /** @param {string} key @param {any} value @param {number|undefined} expiresIn seconds */
  const set = (key, value, expiresIn) => {
    store.set(key, { value, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
    writes += 1;
    if (writes % 1000 === 0) {
      const now = Date.now();
      for (const [k, e] of store) {
        if (e.expiresAt <= now) {
          store.delete(k);
        }
      }
    }
  };

  class Adapter {
    /** @param {string} model */
    constructor(model) {
      this.model = model;
    }

    /** @param {string} id */
    key(id) {
      return `${this.model}:${id}`;
    }

    /** @param {string} id @param {any} payload @param {number} expiresIn */
    async upsert(id, payload, expiresIn) {
      if (this.model === 'Session') {
        set(`sessionUid:${payload.uid}`, id, expiresIn);
      }
      if (GRANTABLE.has(this.model) && payload.grantId) {
        const grantKey = `grant:${payload.grantId}`;
        const entry = store.get(grantKey);
        const expiresAt = Date.now() + expiresIn * 1000;
        if (entry && entry.expiresAt > Date.now()) {
          entry.value.push(this.key(id));
          entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
        } else {
          set(grantKey, [this.key(id)], expiresIn);
        }
      }
      if (payload.userCode) {
        set(`userCode:${payload.userCode}`, id, expiresIn);
      }
      set(this.key(id), payload, expiresIn);
    }

    /** @param {string} id */
    async find(id) {
      return get(this.key(id));
    }

    /** @param {string} uid */
    async findByUid(uid) {
      const id = get(`sessionUid:${uid}`);
      return id === undefined ? undefined : this.find(id);
    }

    /** @param {string} userCode */
    async findByUserCode(userCode) {
      const id = get(`userCode:${userCode}`);
      return id === undefined ? undefined : this.find(id);
    }

    /** @param {string} id */
    async consume(id) {
      const value = get(this.key(id));
      if (value) {
        value.consumed = Math.floor(Date.now() / 1000);
      }
    }

    /** @param {string} id */
    async destroy(id) {
      store.delete(this.key(id));
    }

    /** @param {string} grantId */
    async revokeByGrantId(grantId) {
      const keys = get(`grant:${grantId}`);
      if (keys) {
        for (const key of keys) {
          store.delete(key);
        }
      }
      store.delete(`grant:${grantId}`);
    }
  }

  return { Adapter, size: () => store.size };
}
