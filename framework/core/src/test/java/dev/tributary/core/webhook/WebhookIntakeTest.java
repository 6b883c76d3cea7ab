package dev.tributary.core.webhook;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The intake end to end, for every scheme: what is accepted reaches the sink once; every refusal
 * has the right reason and status, is counted, and leaves the sink empty.
 */
class WebhookIntakeTest {

  static final Instant T0 = Instant.parse("2026-03-10T14:05:00Z");
  static final String CONNECTION = "acme";

  final MutableClock clock = new MutableClock(T0);
  final InMemoryStateStore store = new InMemoryStateStore(clock);
  final RecordingSink sink = new RecordingSink();
  final WebhookCounters counters = new WebhookCounters();
  final AtomicInteger ids = new AtomicInteger();
  final WebhookIntake intake = WebhookIntake.builder(store, sink).listener(counters)
      .idGenerator(() -> "generated-" + ids.incrementAndGet()).build();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final AtomicInteger bodies = new AtomicInteger();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(WebhookIntake.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(WebhookIntake.class)).detachAppender(logs);
  }

  Secret current(TestScheme s) {
    return s.secret("current");
  }

  void register(TestScheme s, Secret... secrets) {
    intake.register(s.endpoint(CONNECTION).secrets(List.of(secrets)).maxBodyBytes(4096).build());
  }

  byte[] body() {
    return ("{\"event\":\"issue.opened\",\"n\":" + bodies.incrementAndGet() + ",\"email\":\"ana.lima@example.org\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  WebhookDelivery signed(TestScheme s, Secret secret) {
    return s.sign(body(), T0, secret, "dlv-" + bodies.get(), T0);
  }

  WebhookOutcome.Rejected assertRejected(WebhookOutcome outcome, Reason reason, int status) {
    assertThat(outcome).isInstanceOf(WebhookOutcome.Rejected.class);
    WebhookOutcome.Rejected r = (WebhookOutcome.Rejected) outcome;
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.httpStatus()).isEqualTo(status);
    assertThat(counters.rejected(reason)).isEqualTo(1);
    return r;
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void acceptsASignedDeliveryAndQueuesItWithItsDeliveryId(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));

    WebhookOutcome outcome = intake.receive(CONNECTION, d);

    String expectedId = s.hasVendorId() ? "dlv-" + bodies.get() : "generated-1";
    assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(CONNECTION, expectedId));
    assertThat(outcome.httpStatus()).isEqualTo(202);
    assertThat(sink.received).singleElement().satisfies(v -> {
      assertThat(v.connectionId()).isEqualTo(CONNECTION);
      assertThat(v.deliveryId()).isEqualTo(expectedId);
      assertThat(v.vendorDeliveryId()).isEqualTo(s.hasVendorId());
      assertThat(v.delivery()).isSameAs(d);
    });
    assertThat(counters.accepted()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesASignatureOverOtherContent(TestScheme s) {
    register(s, current(s));
    WebhookDelivery other = signed(s, current(s));
    WebhookDelivery d = TestScheme.withBody(other, body());

    assertRejected(intake.receive(CONNECTION, d), Reason.BAD_SIGNATURE, 401);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesADeliveryWithoutItsSignatureHeader(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = TestScheme.withHeader(signed(s, current(s)), s.signatureHeader, null);

    WebhookOutcome.Rejected r = assertRejected(intake.receive(CONNECTION, d), Reason.MISSING_HEADER, 400);

    assertThat(r.message()).isEqualTo("missing header " + s.signatureHeader);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesADeliverySignedWithAnotherSecret(TestScheme s) {
    register(s, current(s));

    assertRejected(intake.receive(CONNECTION, signed(s, s.secret("attacker"))), Reason.BAD_SIGNATURE, 401);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesADeliveryWithOneByteOfTheBodyChanged(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    byte[] tampered = d.body().clone();
    tampered[tampered.length / 2] ^= 0x01;

    assertRejected(intake.receive(CONNECTION, TestScheme.withBody(d, tampered)), Reason.BAD_SIGNATURE, 401);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = TestScheme.class, names = "GITHUB", mode = EnumSource.Mode.EXCLUDE)
  void refusesATimestampOlderThanTheToleranceButAcceptsOneExactlyAtIt(TestScheme s) {
    register(s, current(s));
    Instant received = T0.plus(WebhookEndpoint.DEFAULT_TOLERANCE);

    WebhookOutcome atLimit = intake.receive(CONNECTION, s.sign(body(), T0, current(s), "dlv-a" + bodies.get(), received));
    WebhookOutcome.Rejected r = assertRejected(intake.receive(CONNECTION,
        s.sign(body(), T0, current(s), "dlv-b" + bodies.get(), received.plusSeconds(1))), Reason.STALE, 401);

    assertThat(atLimit).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(r.message()).isEqualTo("signed timestamp is 301 s older than the receipt time; the tolerance is 300 s");
    assertThat(sink.received).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(value = TestScheme.class, names = "GITHUB", mode = EnumSource.Mode.EXCLUDE)
  void refusesATimestampFurtherInTheFutureThanTheClockSkewButAcceptsOneWithinIt(TestScheme s) {
    register(s, current(s));
    Instant received = T0.minus(WebhookEndpoint.DEFAULT_CLOCK_SKEW);

    WebhookOutcome within = intake.receive(CONNECTION, s.sign(body(), T0, current(s), "dlv-a" + bodies.get(), received));
    WebhookOutcome.Rejected r = assertRejected(intake.receive(CONNECTION,
        s.sign(body(), T0, current(s), "dlv-b" + bodies.get(), received.minusSeconds(1))), Reason.FUTURE, 401);

    assertThat(within).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(r.message()).isEqualTo("signed timestamp is 61 s in the future; the allowed clock skew is 60 s");
    assertThat(sink.received).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesAReplayedDeliveryAndQueuesItOnlyOnce(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    WebhookDelivery again = new WebhookDelivery(d.method(), d.uri(), d.headers(), d.body(), d.receivedAt().plusSeconds(30));

    assertThat(intake.receive(CONNECTION, d)).isInstanceOf(WebhookOutcome.Accepted.class);
    clock.advance(Duration.ofSeconds(30));
    WebhookOutcome.Rejected r = assertRejected(intake.receive(CONNECTION, again), Reason.REPLAY, 409);

    assertThat(sink.received).hasSize(1);
    assertThat(r.deliveryId()).isEqualTo(s.hasVendorId() ? Optional.of("dlv-" + bodies.get()) : Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesAnOversizedBodyBeforeLookingAtItsSignature(TestScheme s) {
    register(s, current(s));
    byte[] big = new byte[4097];
    java.util.Arrays.fill(big, (byte) 'a');
    WebhookDelivery validButBig = s.sign(big, T0, current(s), "dlv-big", T0);
    WebhookDelivery unsignedAndBig = TestScheme.delivery(java.util.Map.of(), big, T0);

    WebhookOutcome.Rejected r = assertRejected(intake.receive(CONNECTION, validButBig), Reason.TOO_LARGE, 413);
    intake.receive(CONNECTION, unsignedAndBig);

    assertThat(r.message()).isEqualTo("body of 4097 bytes exceeds the limit of 4096 bytes");
    assertThat(counters.rejected(Reason.TOO_LARGE)).isEqualTo(2);
    assertThat(counters.rejected(Reason.MISSING_HEADER)).isZero();
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesAMalformedSignatureHeader(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = TestScheme.withHeader(signed(s, current(s)), s.signatureHeader, s.malformedSignature);

    assertRejected(intake.receive(CONNECTION, d), Reason.MALFORMED_HEADER, 400);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void refusesADeliveryForAnUnknownConnectionWithoutTaggingMetricsWithTheRequestedId(TestScheme s) {
    register(s, current(s));

    WebhookOutcome.Rejected r = assertRejected(intake.receive("acme-typo", signed(s, current(s))), Reason.UNKNOWN_CONNECTION, 404);

    assertThat(r.message()).isEqualTo("no webhook endpoint is registered for connection acme-typo");
    assertThat(counters.rejected("", Reason.UNKNOWN_CONNECTION)).isEqualTo(1);
    assertThat(sink.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void acceptsOldAndNewSecretDuringRotationAndOnlyTheNewOneAfter(TestScheme s) {
    Secret old = s.secret("old");
    Secret next = s.secret("next");
    register(s, next, old);

    WebhookOutcome byOld = intake.receive(CONNECTION, signed(s, old));
    WebhookOutcome byNew = intake.receive(CONNECTION, signed(s, next));
    intake.register(intake.endpoint(CONNECTION).orElseThrow().withSecrets(List.of(next)));
    WebhookOutcome byOldAfter = intake.receive(CONNECTION, signed(s, old));
    WebhookOutcome byNewAfter = intake.receive(CONNECTION, signed(s, next));

    assertThat(byOld).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(byNew).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(byOldAfter).isInstanceOf(WebhookOutcome.Rejected.class)
        .extracting(o -> ((WebhookOutcome.Rejected) o).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(byNewAfter).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(sink.received).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(TestScheme.class)
  void logsEveryRejectionWithConnectionReasonAndDeliveryButNeverTheBodyOrTheSecret(TestScheme s) {
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    intake.receive(CONNECTION, d);
    intake.receive(CONNECTION, d);                                   // replay
    intake.receive(CONNECTION, signed(s, s.secret("attacker")));     // bad signature

    List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).startsWith("Webhook rejected: connection=acme reason=REPLAY delivery="
        + (s.hasVendorId() ? "dlv-1" : "-") + " message=");
    assertThat(warnings.get(1)).startsWith("Webhook rejected: connection=acme reason=BAD_SIGNATURE");
    String all = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(all).doesNotContain("ana.lima@example.org", "issue.opened", current(s).reveal(),
        s.secret("attacker").reveal(), "fictitious");
  }

  @Test
  void refusesAReplayedStripeDeliveryEvenWhenOneOfItsTwoSignaturesIsDropped() {
    TestScheme s = TestScheme.STRIPE;
    Secret old = s.secret("old");
    Secret next = s.secret("next");
    register(s, next, old);
    byte[] body = body();
    String sigOld = header(s.sign(body, T0, old, "x", T0), "Stripe-Signature");
    String sigNew = header(s.sign(body, T0, next, "x", T0), "Stripe-Signature");
    String v1New = sigNew.substring(sigNew.indexOf(",v1="));
    WebhookDelivery both = TestScheme.delivery(java.util.Map.of("Stripe-Signature", sigOld + v1New), body, T0);
    WebhookDelivery onlyNew = TestScheme.delivery(java.util.Map.of("Stripe-Signature", sigNew), body, T0.plusSeconds(5));

    assertThat(intake.receive(CONNECTION, both)).isInstanceOf(WebhookOutcome.Accepted.class);
    assertRejected(intake.receive(CONNECTION, onlyNew), Reason.REPLAY, 409);
    assertThat(sink.received).hasSize(1);
  }

  @Test
  void refusesAReplayedGitHubDeliveryWhoseUnsignedDeliveryIdWasChanged() {
    TestScheme s = TestScheme.GITHUB;
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));

    intake.receive(CONNECTION, d);
    WebhookOutcome again = intake.receive(CONNECTION, TestScheme.withHeader(d, "X-GitHub-Delivery", "forged-new-guid"));

    assertRejected(again, Reason.REPLAY, 409);
    assertThat(sink.received).hasSize(1);
  }

  @Test
  void remembersADeliveryOfASchemeWithoutTimestampForTwentyFourHours() {
    TestScheme s = TestScheme.GITHUB;
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    intake.receive(CONNECTION, d);

    clock.advance(Duration.ofHours(24).minusSeconds(1));
    WebhookOutcome justBefore = intake.receive(CONNECTION, d);
    clock.advance(Duration.ofSeconds(1));
    WebhookOutcome after = intake.receive(CONNECTION, d);

    assertThat(justBefore).isInstanceOf(WebhookOutcome.Rejected.class);
    // GitHub signs no timestamp: past the replay window a captured delivery verifies again.
    assertThat(after).isInstanceOf(WebhookOutcome.Accepted.class);
  }

  @Test
  void answers503AndForgetsTheDeliveryWhenTheSinkFailsSoTheVendorsRetryIsAccepted() {
    TestScheme s = TestScheme.STANDARD;
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    sink.failing.set(true);

    WebhookOutcome first = intake.receive(CONNECTION, d);
    sink.failing.set(false);
    WebhookOutcome retry = intake.receive(CONNECTION, d);

    assertThat(first).isEqualTo(new WebhookOutcome.Unavailable("the queue is unavailable"));
    assertThat(first.httpStatus()).isEqualTo(503);
    assertThat(retry).isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(sink.received).hasSize(1);
    assertThat(counters.unavailable()).isEqualTo(1);
  }

  @Test
  void answers503AndQueuesNothingWhenTheStateStoreIsDown() {
    TestScheme s = TestScheme.STRIPE;
    register(s, current(s));
    store.down.set(true);

    WebhookOutcome outcome = intake.receive(CONNECTION, signed(s, current(s)));

    assertThat(outcome).isEqualTo(new WebhookOutcome.Unavailable("the state store is unavailable"));
    assertThat(sink.received).isEmpty();
  }

  @Test
  void generatesACorrelationIdWhenTheVendorDeliveryIdIsUnfitForLogs() {
    TestScheme s = TestScheme.GITHUB;
    register(s, current(s));
    WebhookDelivery d = s.sign(body(), T0, current(s), "evil\nWebhook accepted: connection=other", T0);

    WebhookOutcome outcome = intake.receive(CONNECTION, d);

    assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(CONNECTION, "generated-1"));
    assertThat(sink.received.get(0).vendorDeliveryId()).isFalse();
  }

  @Test
  void keepsTheIdOfAnUnknownConnectionOutOfTheLogWhenItIsNotAPlainId() {
    WebhookOutcome outcome = intake.receive("../../etc\n", TestScheme.delivery(java.util.Map.of(), new byte[1], T0));

    assertThat(((WebhookOutcome.Rejected) outcome).message()).isEqualTo("no webhook endpoint is registered for connection (invalid id)");
    assertThat(logs.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
        .doesNotContain("etc");
  }

  @Test
  void acceptsExactlyOneOfManyConcurrentCopiesOfADelivery() throws Exception {
    TestScheme s = TestScheme.STRIPE;
    register(s, current(s));
    WebhookDelivery d = signed(s, current(s));
    int copies = 16;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<WebhookOutcome>> outcomes = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(copies)) {
      for (int i = 0; i < copies; i++) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return intake.receive(CONNECTION, d);
        }));
      }
      start.countDown();
      List<Integer> statuses = new java.util.ArrayList<>();
      for (var f : outcomes) {
        statuses.add(f.get(10, java.util.concurrent.TimeUnit.SECONDS).httpStatus());
      }
      assertThat(statuses).containsOnly(202, 409).filteredOn(x -> x == 202).hasSize(1);
    }
    assertThat(sink.received).hasSize(1);
    assertThat(counters.rejected(Reason.REPLAY)).isEqualTo(copies - 1);
  }

  @Test
  void mapsEveryReasonToTheDocumentedStatus() {
    assertThat(List.of(Reason.values()).stream().map(WebhookOutcome::httpStatus).toList())
        .containsExactly(400, 400, 401, 401, 401, 409, 413, 404);
    assertThat(List.of(Reason.values())).containsExactly(Reason.MISSING_HEADER, Reason.MALFORMED_HEADER,
        Reason.BAD_SIGNATURE, Reason.STALE, Reason.FUTURE, Reason.REPLAY, Reason.TOO_LARGE, Reason.UNKNOWN_CONNECTION);
  }

  static String header(WebhookDelivery d, String name) {
    return d.header(name).orElseThrow();
  }
}
