package dev.tributary.core.http;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.connector.VendorErrorParser;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connector's {@link VendorClients}: each client it creates is a router that sends every call
 * through the cached client of the {@link CurrentConnection}.
 */
final class ConnectorVendorClients implements VendorClients {

  private final VendorClientFactory factory;
  private final ConnectorManifest manifest;
  private final VendorErrorParser parser;
  private final Map<Key, Cached> clients = new ConcurrentHashMap<>();

  ConnectorVendorClients(VendorClientFactory factory, ConnectorManifest manifest, VendorErrorParser parser) {
    this.factory = factory;
    this.manifest = manifest;
    this.parser = parser;
  }

  @Override
  public <T> T create(Class<T> apiType) {
    VendorClientFactory.validate(apiType);
    InvocationHandler router = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> apiType.getSimpleName() + "[" + manifest.id() + ", routed to the current connection]";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        };
      }
      ConnectionHandle handle = CurrentConnection.current().orElseThrow(() -> new IllegalStateException(
          apiType.getSimpleName() + "." + method.getName() + " was called outside any connection: call vendor APIs"
              + " from a stream, action or job the runtime runs, or wrap the call in"
              + " CurrentConnection.run(handle, ...)"));
      if (!handle.config().connectorId().equals(manifest.id())) {
        throw new IllegalStateException(apiType.getSimpleName() + "." + method.getName() + " of connector '"
            + manifest.id() + "' was called while running connection '" + handle.id() + "' of connector '"
            + handle.config().connectorId() + "': a connector's client serves only its own connections");
      }
      return invoke(clientFor(handle, apiType), method, args);
    };
    return apiType.cast(Proxy.newProxyInstance(apiType.getClassLoader(), new Class<?>[] {apiType}, router));
  }

  /**
   * The cached client of this connection, rebuilt when the runtime hands in a changed handle (new
   * base URL, new authenticator), so the cache holds one entry per connection and API type.
   */
  private Object clientFor(ConnectionHandle handle, Class<?> apiType) {
    Key key = new Key(handle.id(), apiType);
    Cached cached = clients.get(key);
    if (cached == null || !cached.handle().equals(handle)) {
      cached = clients.compute(key, (k, old) -> old != null && old.handle().equals(handle) ? old
          : new Cached(handle, factory.client(apiType, manifest, handle, parser)));
    }
    return cached.client();
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    // The target is our own proxy: call its handler directly, which also works for
    // package-private interfaces that reflection could not invoke.
    InvocationHandler h = Proxy.getInvocationHandler(target);
    try {
      return h.invoke(target, method, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record Key(String connectionId, Class<?> apiType) {}

  private record Cached(ConnectionHandle handle, Object client) {}
}
