package dev.tributary.core.auth;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two token managers standing for two processes: each has its own connection pool, StateStore and
 * lock instance over one database. 100 threads in each hit an expired token at once; the OAuth2
 * server must see exactly one refresh.
 */
class CrossProcessRefreshTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final Secret key = TestSupport.randomKey();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private MockAuthServer server;

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void twoProcessesOnOneH2FileDatabaseRefreshExactlyOnce() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("tributary") + ";AUTO_SERVER=FALSE";
    exactlyOneRefreshAcrossProcesses(url, "sa");
  }

  @Test
  void twoProcessesOnOnePostgresDatabaseRefreshExactlyOnce() throws Exception {
    Assumptions.assumeTrue(reachable("127.0.0.1", 5432),
        "PostgreSQL is not reachable on 127.0.0.1:5432: start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) "
            + "with database 'test', user 'postgres', trust auth, to run this test");
    // Own schema: other suites share database 'test' and may have tables of the same names.
    try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
         var s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS tributary_auth_test");
    }
    exactlyOneRefreshAcrossProcesses("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=tributary_auth_test", "postgres");
  }

  @Test
  void aLockHeldElsewhereTimesOutWithAClearError() throws Exception {
    HikariDataSource ds = pool("jdbc:h2:file:" + dir.resolve("locks"), "sa");
    JdbcTestStateStore.reset(ds);
    JdbcRefreshLock a = new JdbcRefreshLock(ds, Duration.ofMillis(300));
    a.createTableIfMissing();
    JdbcRefreshLock b = new JdbcRefreshLock(pool("jdbc:h2:file:" + dir.resolve("locks"), "sa"), Duration.ofMillis(300));

    try (RefreshLock.Held held = a.acquire("token:acme-crm")) {
      assertThatThrownBy(() -> b.acquire("token:acme-crm")).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("could not take refresh lock 'token:acme-crm' within 300 ms: another process may hold it");
    }
    b.acquire("token:acme-crm").close();
  }

  @Test
  void aLockHeldByAProcessThatDiedIsReleasedWithItsConnection() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("crash");
    HikariDataSource survivor = pool(url, "sa");
    JdbcTestStateStore.reset(survivor);
    new JdbcRefreshLock(survivor, Duration.ofSeconds(1)).createTableIfMissing();
    List<java.sql.Connection> handedOut = new ArrayList<>();
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    javax.sql.DataSource dying = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
          Object result = method.invoke(h2, args);
          if (result instanceof java.sql.Connection c) {
            handedOut.add(c);
          }
          return result;
        });

    new JdbcRefreshLock(dying, Duration.ofSeconds(1)).acquire("token:acme-crm"); // never released
    for (java.sql.Connection c : handedOut) {
      c.close(); // the process dies: its connection goes, its transaction rolls back
    }

    try (RefreshLock.Held held = new JdbcRefreshLock(survivor, Duration.ofSeconds(1)).acquire("token:acme-crm")) {
      assertThat(held).isNotNull();
    }
  }

  private void exactlyOneRefreshAcrossProcesses(String url, String user) throws Exception {
    server = new MockAuthServer(true);
    HikariDataSource first = pool(url, user);
    JdbcTestStateStore.reset(first);
    new JdbcRefreshLock(first, Duration.ofSeconds(30)).createTableIfMissing();
    HikariDataSource second = pool(url, user);

    TokenManager a = manager(first);
    TokenManager b = manager(second);
    String initial = a.headers().get("Authorization");
    assertThat(b.headers().get("Authorization")).isEqualTo(initial);
    assertThat(server.takeRequests()).hasSize(1);

    clock.advance(Duration.ofHours(2));
    List<String> results = TokenManagerOAuth2Test.hammer(200, () -> {
      TokenManager m = Thread.currentThread().threadId() % 2 == 0 ? a : b;
      return m.headers().get("Authorization");
    });

    assertThat(server.takeRequests()).hasSize(1);
    assertThat(Set.copyOf(results)).hasSize(1).doesNotContain(initial);
  }

  private TokenManager manager(HikariDataSource ds) {
    var manifest = MockAuthServer.manifest(AuthScheme.oauth2RefreshToken(URI.create("https://auth.acme.test/authorize"),
        server.tokenUrl()), Set.of(), Set.of());
    var connection = ConnectionConfig.builder("acme-crm", "acme").option("clientId", "acme-client")
        .secret("refreshToken", "env:RT").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("RT", "initial-refresh-token-1"))));
    var store = new JdbcTestStateStore(ds, clock);
    return TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials,
            TokenEndpointClient.builder().sleeper(d -> { }).build(), clock)
        .stateStore(store).keys(TestSupport.keys(key)).lock(new JdbcRefreshLock(ds, Duration.ofSeconds(30)))
        .statusStore(ConnectionStatusStore.on(store)).build();
  }

  private HikariDataSource pool(String url, String user) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setMaximumPoolSize(4);
    cfg.setConnectionTimeout(30_000);
    HikariDataSource ds = new HikariDataSource(cfg);
    pools.add(ds);
    return ds;
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
