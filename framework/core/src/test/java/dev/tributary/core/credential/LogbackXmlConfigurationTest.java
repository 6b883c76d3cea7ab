package dev.tributary.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redacting pieces configured the way a host does it: from logback.xml. */
class LogbackXmlConfigurationTest {

  private static final String CANARY = "xml-canary-8d1f2e";

  @TempDir
  Path dir;

  @Test
  void theRedactingEncoderWorksFromLogbackXml() throws Exception {
    Path file = dir.resolve("encoder.log");
    String written = logThroughConfig(file, """
        <appender name="F" class="ch.qos.logback.core.FileAppender">
          <file>%s</file>
          <encoder class="dev.tributary.core.credential.logback.RedactingPatternLayoutEncoder">
            <pattern>[%%X{hdr}] %%msg%%n%%ex</pattern>
          </encoder>
        </appender>
        """.formatted(file));

    assertThat(written).doesNotContain(CANARY).contains("[Bearer ****] calling with ****")
        .contains("java.lang.IllegalStateException: failed with ****");
  }

  @Test
  void theRedactingConvertersReplaceMsgMdcAndExInAnyPattern() throws Exception {
    Path file = dir.resolve("converters.log");
    String written = logThroughConfig(file, """
        <conversionRule conversionWord="msg" converterClass="dev.tributary.core.credential.logback.RedactingMessageConverter"/>
        <conversionRule conversionWord="X" converterClass="dev.tributary.core.credential.logback.RedactingMdcConverter"/>
        <conversionRule conversionWord="ex" converterClass="dev.tributary.core.credential.logback.RedactingThrowableConverter"/>
        <appender name="F" class="ch.qos.logback.core.FileAppender">
          <file>%s</file>
          <encoder><pattern>[%%X{hdr}] %%msg%%n%%ex</pattern></encoder>
        </appender>
        """.formatted(file));

    assertThat(written).doesNotContain(CANARY).contains("[Bearer ****] calling with ****")
        .contains("java.lang.IllegalStateException: failed with ****");
  }

  private String logThroughConfig(Path file, String appender) throws Exception {
    SecretRegistry.registerValue(CANARY);
    String xml = "<configuration>" + appender + "<root level=\"DEBUG\"><appender-ref ref=\"F\"/></root></configuration>";
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(ctx);
    joran.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    try {
      ctx.getMDCAdapter().put("hdr", "Bearer " + CANARY);
      ctx.getLogger("app").info("calling with {}", CANARY);
      ctx.getLogger("app").error("boom", new IllegalStateException("failed with " + CANARY));
    } finally {
      ctx.getMDCAdapter().remove("hdr");
      ctx.stop();
    }
    return Files.readString(file);
  }
}
