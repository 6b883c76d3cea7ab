package dev.tributary.host.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.credential.SecretRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RedactingJsonEncoderTest {

  static final String CANARY = "canary-7d1e0b3f9a55";

  List<JsonNode> logWith(Encoder<ILoggingEvent> encoder, java.util.function.Consumer<Logger> body) throws Exception {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(MDC.getMDCAdapter());
    encoder.setContext(ctx);
    encoder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger log = ctx.getLogger("test");
    log.addAppender(appender);
    body.accept(log);
    appender.stop();
    ch.qos.logback.core.util.StatusPrinter2 printer = new ch.qos.logback.core.util.StatusPrinter2();
    printer.printInCaseOfErrorsOrWarnings(ctx);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      assertThat(line).doesNotContain(CANARY).doesNotContain("whsec_live_abcdef123456").doesNotContain("hunter2-password");
      lines.add(new ObjectMapper().readTree(line));
    }
    return lines;
  }

  @Test
  void aCanarySecretAppearsNowhereInTheJsonWhileMdcAndMessageSurvive() throws Exception {
    SecretRegistry.registerValue(CANARY);
    List<JsonNode> lines = logWith(new RedactingJsonEncoder(), log -> {
      MDC.put("correlationId", "corr-42");
      MDC.put("connection", "acme");
      MDC.put("stream", "contacts");
      MDC.put("jobId", "7");
      MDC.put("password", "hunter2-password");
      try {
        log.warn("refresh failed with {} for webhook secret whsec_live_abcdef123456", CANARY);
        log.atError().addKeyValue("token", CANARY).addKeyValue("detail", "value " + CANARY)
            .setCause(new IllegalStateException("vendor echoed " + CANARY)).log("call failed");
      } finally {
        MDC.clear();
      }
    });

    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("message").asText()).isEqualTo("refresh failed with **** for webhook secret whsec_****");
    assertThat(first.get("correlationId").asText()).isEqualTo("corr-42");
    assertThat(first.get("connection").asText()).isEqualTo("acme");
    assertThat(first.get("stream").asText()).isEqualTo("contacts");
    assertThat(first.get("jobId").asText()).isEqualTo("7");
    assertThat(first.get("password").asText()).isEqualTo("****");
    assertThat(first.get("level").asText()).isEqualTo("WARN");
    JsonNode second = lines.get(1);
    assertThat(second.get("token").asText()).isEqualTo("****");
    assertThat(second.get("detail").asText()).isEqualTo("value ****");
    assertThat(second.get("stack_trace").asText()).contains("IllegalStateException: vendor echoed ****");
  }

  @Test
  void theHostConfigurationWritesJsonWhenAskedAndRedactedTextOtherwise() throws Exception {
    for (String format : new String[] {"json", "text"}) {
      LoggerContext ctx = new LoggerContext();
      ctx.putProperty("TRIBUTARY_LOG_FORMAT", format);
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(ctx);
      joran.doConfigure(getClass().getResource("/logback.xml"));
      Appender<ILoggingEvent> appender = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
      assertThat(appender).as(format).isInstanceOf(OutputStreamAppender.class);
      Encoder<ILoggingEvent> encoder = ((HostLogEncoder) ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder()).delegate();
      assertThat(encoder.getClass().getSimpleName())
          .isEqualTo(format.equals("json") ? "RedactingJsonEncoder" : "RedactingPatternLayoutEncoder");
      assertThat(ctx.getStatusManager().getCopyOfStatusList()).as(format)
          .allSatisfy(s -> assertThat(s.getLevel()).isEqualTo(ch.qos.logback.core.status.Status.INFO));
      ctx.stop();
    }
  }
}
