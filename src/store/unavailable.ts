// Wraps a store so that its database's "not there right now" errors surface as
// StoreUnavailableError (weather: the loop retries with backoff), whatever the driver calls them.

/** Wraps every async method of `store`, passing its rejections through `convert`. */
export function withUnavailableErrors<T extends object>(store: T, convert: (error: unknown) => unknown): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch((e: unknown) => Promise.reject(convert(e))) : result;
      };
    },
  });
}
