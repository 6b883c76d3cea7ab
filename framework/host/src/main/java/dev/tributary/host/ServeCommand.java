package dev.tributary.host;

import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.metrics.DatabaseFacts;
import dev.tributary.core.metrics.TributaryMetrics;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.schedule.Scheduler;
import dev.tributary.core.schedule.SyncSchedule;
import dev.tributary.core.queue.SyncJobHandler;
import dev.tributary.core.queue.WebhookEventJobHandler;
import dev.tributary.core.queue.WorkerPool;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.webhook.WebhookEndpoint;
import dev.tributary.core.webhook.WebhookIntake;
import dev.tributary.host.server.HostServer;
import dev.tributary.host.server.WebhookQueueSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary serve}: the HTTP server and, if configured, queue workers, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves /health, /metrics, /status, admin actions and webhooks; runs queue workers "
    + "when server.workers > 0. Runs until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

  @ParentCommand TributaryCli root;
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "Port to listen on (overrides server.port; 0 picks a free one).")
  Integer port;

  @Option(names = "--bind", description = "Address to bind (overrides server.bind; default 127.0.0.1).")
  String bind;

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Loaded config = root.loadConfig();
    CountDownLatch stop = new CountDownLatch(1);
    try (Serving serving = Serving.start(config, CredentialProviders.loadDefault(), Clock.systemUTC(), bind, port)) {
      Thread hook = new Thread(stop::countDown, "tributary-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      out.println("tributary: serving on " + serving.server().uri("/") + " (health: /health, metrics: /metrics, status: /status)"
          + (serving.workers() == null ? "" : "; " + config.raw().server().workers() + " queue worker threads"));
      out.flush();
      stop.await();
    }
    return 0;
  }

  /** Everything {@code serve} runs, started from configuration, stopped in reverse order. */
  record Serving(Tributary runtime, JobQueue queue, WorkerPool workers, Scheduler scheduler, HostServer server)
      implements AutoCloseable {

    static Serving start(ConfigLoader.Loaded config, CredentialProviders credentials, Clock clock, String bind, Integer port)
        throws java.io.IOException {
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      TributaryMetrics metrics = new TributaryMetrics(prometheus, clock, Duration.ofSeconds(5));
      Tributary runtime = HostRuntime.open(config, credentials, metrics, clock);
      WorkerPool workers = null;
      try {
        metrics.bindDatabase(new DatabaseFacts(runtime.database(), clock));
        metrics.bindConnections(runtime.connections().keySet());
        JobQueue queue = runtime.queue();
        WebhookIntake intake = WebhookIntake.builder(runtime.state(), new WebhookQueueSink(queue))
            .listener(metrics.webhooks()).build();
        for (ConnectionConfig c : runtime.connections().values()) {
          List<String> refs = config.raw().connections().get(c.id()).webhookSecrets();
          if (refs.isEmpty()) {
            continue;
          }
          List<Secret> secrets = new ArrayList<>();
          for (String ref : refs) {
            secrets.add(credentials.resolve(SecretRef.parse(ref), c.id()));
          }
          try {
            intake.register(WebhookEndpoint.builder(c.id(), runtime.connectors().get(c.connectorId()).manifest().webhook())
                .secrets(secrets).build());
          } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(config.file() + ": connections." + c.id() + ".webhookSecrets: " + e.getMessage()));
          }
        }
        HostConfig.Server s = config.raw().server();
        if (s.workers() > 0) {
          workers = workers(runtime, queue, s.workers());
          workers.start();
        }
        HostServer.Builder b = HostServer.builder(runtime, queue, metrics, prometheus)
            .clock(clock).slo(config.slo()).webhooks(intake)
            .bind(bind != null ? bind : s.bind()).port(port != null ? port : s.port());
        if (s.adminToken() != null) {
          b.adminToken(credentials.resolve(SecretRef.parse(s.adminToken()), "server"));
        }
        if (s.publicUrl() != null) {
          b.publicBaseUrl(s.publicUrl());
        }
        Scheduler scheduler = schedules(config, runtime, queue, clock);
        scheduler.start();
        HostServer server;
        try {
          server = b.build().start();
        } catch (RuntimeException | java.io.IOException e) {
          scheduler.close();
          throw e;
        }
        return new Serving(runtime, queue, workers, scheduler, server);
      } catch (RuntimeException | java.io.IOException e) {
        if (workers != null) {
          workers.close();
        }
        runtime.close();
        throw e;
      }
    }

    /**
     * The runtime's workers (sync and action jobs) plus webhook events: an event asks for an
     * incremental sync of each of its connection's streams, carrying the delivery's correlation id.
     */
    private static WorkerPool workers(Tributary runtime, JobQueue queue, int threads) {
      WebhookEventJobHandler webhooks = new WebhookEventJobHandler(event -> {
        ConnectionConfig c = runtime.connection(event.connectionId());
        for (StreamSpec stream : runtime.connectors().get(c.connectorId()).manifest().streams()) {
          var request = SyncJobHandler.request(c.id(), stream.name(), false);
          event.correlationId().ifPresent(request::correlationId);
          queue.enqueue(request.build());
        }
      });
      return runtime.workers().threads(threads).handler(webhooks).build();
    }

    /**
     * The connections' {@code schedule}s (not started): each fire enqueues an incremental sync of every stream of
     * the connection, once across all hosts sharing the database (see the scheduler's policy for
     * fires missed while everything was down).
     */
    static Scheduler schedules(ConfigLoader.Loaded config, Tributary runtime, JobQueue queue, Clock clock) {
      Scheduler.Builder sb = Scheduler.builder(queue).clock(clock);
      for (ConnectionConfig c : runtime.connections().values()) {
        if (c.schedule().isEmpty()) {
          continue;
        }
        java.time.ZoneId zone = config.raw().connections().get(c.id()).timezone();
        sb.schedule(SyncSchedule.of("connection:" + c.id(), c.id(),
            runtime.connectors().get(c.connectorId()).manifest().streams().stream().map(StreamSpec::name).toList(),
            c.schedule().get(), zone == null ? java.time.ZoneOffset.UTC : zone));
      }
      return sb.build();
    }

    @Override
    public void close() {
      scheduler.close();
      server.close();
      if (workers != null) {
        workers.close();
      }
      runtime.close();
    }
  }
}
